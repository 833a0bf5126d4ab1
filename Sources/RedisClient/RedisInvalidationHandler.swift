import NIOCore

/// The inbound end of a ``RedisInvalidationSubscription``'s connection once it has subscribed to
/// `__redis__:invalidate` (RESP2 pub/sub): the subscription's confirmation, then one message per
/// change, each handed to the listener. Anything else is a protocol error that closes the channel.
final class RedisInvalidationHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    static let channelName = "__redis__:invalidate"

    private let listener: any RedisInvalidationListener
    private let server: String
    private let reader = RESPReader()
    private var confirmed = false

    init(listener: any RedisInvalidationListener, server: String) {
        self.listener = listener
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do throws(RedisError) {
            try buffer.withUnsafeReadableBytes { bytes throws(RedisError) in try reader.feed(bytes) }
            while let reply = try reader.next() { try handle(reply) }
        } catch {
            context.fireErrorCaught(error)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if confirmed { listener.unsubscribed() }
        confirmed = false
        context.fireChannelInactive()
    }

    private func handle(_ reply: RESPValue) throws(RedisError) {
        guard let parts = reply.array, parts.count == 3, let kind = parts[0].string, parts[1].string == Self.channelName else {
            throw RedisError(code: .protocol, message: "\(server) sent \(reply) on the invalidation channel")
        }
        switch kind {
        case "subscribe":
            confirmed = true
            listener.subscribed()
        case "message" where parts[2].isNull:
            listener.invalidatedAll()
        case "message":
            guard let keys = parts[2].array else {
                throw RedisError(code: .protocol, message: "\(server) sent an invalidation without keys: \(reply)")
            }
            listener.invalidated(keys: keys.compactMap(\.string))
        default:
            throw RedisError(code: .protocol, message: "\(server) sent \(kind) on the invalidation channel")
        }
    }
}
