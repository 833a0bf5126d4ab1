import NIOCore
import NIOHTTP1

/// A request handed to the channel: what to write, how long to wait, and the promise its response completes.
struct PendingRequest: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer?
    var timeout: TimeAmount
    var promise: EventLoopPromise<ResponseParts>
}

/// A complete response as the channel saw it, timed on the event loop.
struct ResponseParts: Sendable {
    var head: HTTPResponseHead
    var body: ByteBuffer
    var firstByte: ContinuousClock.Instant
    var end: ContinuousClock.Instant
    var bytesSent: Int
    var bytesReceived: Int
}

/// Counts the bytes crossing the socket, for `data_sent` and `data_received`.
final class SocketByteCounter: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    var sent = 0
    var received = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += unwrapInboundIn(data).readableBytes
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        sent += unwrapOutboundIn(data).readableBytes
        context.write(data, promise: promise)
    }
}

/// Writes one request at a time and completes its promise with the response, a timeout or the
/// connection's failure.
final class HTTPResponseHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = PendingRequest
    typealias OutboundOut = HTTPClientRequestPart

    private let byteCounter: SocketByteCounter
    private var pending: PendingRequest?
    private var head: HTTPResponseHead?
    private var firstByte: ContinuousClock.Instant?
    private var body: ByteBuffer?
    private var timeout: Scheduled<Void>?

    init(byteCounter: SocketByteCounter) {
        self.byteCounter = byteCounter
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        fail(HTTPClientError(.connectionClosed, "a new request replaced one in flight"))
        pending = request
        byteCounter.sent = 0
        byteCounter.received = 0
        let loop = context.eventLoop.assumeIsolated()
        timeout = loop.scheduleTask(in: request.timeout) { [self] in
            fail(HTTPClientError(.timeout, "no complete response within \(request.timeout)"))
            context.close(promise: nil)
        }
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        if let body = request.body {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
            firstByte = .now
        case .body(let part):
            if body == nil {
                body = part
            } else {
                var part = part
                body!.writeBuffer(&part)
            }
        case .end:
            guard let pending, let head else { return }
            let end = ContinuousClock.now
            let parts = ResponseParts(
                head: head, body: body ?? ByteBuffer(), firstByte: firstByte ?? end, end: end,
                bytesSent: byteCounter.sent, bytesReceived: byteCounter.received)
            reset()
            pending.promise.succeed(parts)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(HTTPClientError(.connectionClosed, "connection closed before the response ended"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(HTTPClientError(.connectionClosed, String(describing: error)))
        context.close(promise: nil)
    }

    private func fail(_ error: HTTPClientError) {
        guard let pending else { return }
        reset()
        pending.promise.fail(error)
    }

    private func reset() {
        timeout?.cancel()
        timeout = nil
        pending = nil
        head = nil
        firstByte = nil
        body = nil
    }
}
