import NIOCore

/// The first handler of a client connection, on raw bytes: it notes when a request's first
/// byte arrives (for the head timeout), and turns every close into a lingering close.
///
/// A server that closes a socket with unread bytes in it makes the kernel answer with a reset,
/// and a reset can destroy a response the client has not read yet: a keep-alive client whose
/// next request crosses the server's close sees `connection reset` instead of a clean end.
/// So a close here shuts only the server's side (the client reads every byte sent, then the
/// end), keeps reading and discarding what still arrives, and closes for good when the client
/// closes its side or after `lingerTimeout` (RFC 9112, 9.6).
final class GracefulCloseHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let state: ConnectionState
    private let lingerTimeout: TimeAmount
    /// Promises of the closes asked for, completed when the connection is closed for good.
    private var closePromises: [EventLoopPromise<Void>] = []
    private var lingerTimer: Scheduled<Void>?
    private var closingForGood = false

    init(state: ConnectionState, lingerTimeout: TimeAmount) {
        self.state = state
        self.lingerTimeout = lingerTimeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !state.lingering else { return }
        state.requestBytesArrived(unwrapInboundIn(data), now: .now())
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        guard !state.lingering else {
            // Read on while lingering even if a handler further in stopped asking for data.
            context.read()
            return
        }
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if state.lingering, case ChannelEvent.inputClosed = event {
            closeForGood(context: context)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !state.lingering else {
            closeForGood(context: context)
            return
        }
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        lingerTimer?.cancel()
        lingerTimer = nil
        let promises = closePromises
        closePromises = []
        for promise in promises { promise.succeed() }
        context.fireChannelInactive()
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all, !closingForGood, context.channel.isActive else {
            context.close(mode: mode, promise: promise)
            return
        }
        if let promise { closePromises.append(promise) }
        guard !state.lingering else { return }
        state.lingering = true
        // Pending writes go out first, then the end of the server's side.
        context.close(mode: .output, promise: nil)
        lingerTimer = context.eventLoop.assumeIsolated().scheduleTask(in: lingerTimeout) {
            self.closeForGood(context: context)
        }
        context.read()
    }

    private func closeForGood(context: ChannelHandlerContext) {
        guard !closingForGood else { return }
        closingForGood = true
        lingerTimer?.cancel()
        lingerTimer = nil
        context.close(mode: .all, promise: nil)
    }
}
