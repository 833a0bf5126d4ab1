import NIOCore
import NIOTLS

/// Sits behind `NIOSSLClientHandler` while a connection opens: notes when TCP connected and
/// completes ``handshake`` when the TLS handshake has (with its duration), or fails it with the
/// handshake's error (an unknown authority, a wrong name, a refused version). It removes itself
/// afterwards, so requests do not pass through it.
final class TLSHandshakeTimer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    /// Completed with the handshake's duration, from the TCP connection to its end.
    let handshake: EventLoopPromise<Duration>
    private var connected: ContinuousClock.Instant?
    private var done = false

    init(handshake: EventLoopPromise<Duration>) {
        self.handshake = handshake
    }

    func channelActive(context: ChannelHandlerContext) {
        connected = .now
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if !done, let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            done = true
            handshake.succeed(ContinuousClock.now - (connected ?? .now))
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !done {
            done = true
            handshake.fail(error)
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !done {
            done = true
            handshake.fail(HTTPClientError(.connectionClosed, "the connection closed during the TLS handshake"))
        }
        context.fireChannelInactive()
    }
}
