import NIOCore
import NIOTLS

/// Sits behind `NIOSSLClientHandler` while a connection opens: notes when TCP connected and
/// completes ``handshake`` when the TLS handshake has (with its duration), or fails it with the
/// handshake's error (an unknown authority, a wrong name, a refused version) or when it takes
/// longer than the timeout (a server that accepts and never answers). It removes itself
/// afterwards, so requests do not pass through it.
final class TLSHandshakeTimer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    /// Completed with the handshake's duration, from the TCP connection to its end.
    let handshake: EventLoopPromise<Duration>
    private let timeout: TimeAmount
    private var connected: ContinuousClock.Instant?
    private var done = false
    private var timer: Scheduled<Void>?

    /// - Parameters:
    ///   - handshake: completed with the handshake's duration or its failure.
    ///   - timeout: how long the handshake may take from the TCP connection.
    init(handshake: EventLoopPromise<Duration>, timeout: TimeAmount) {
        self.handshake = handshake
        self.timeout = timeout
    }

    func channelActive(context: ChannelHandlerContext) {
        connected = .now
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard !done else { return }
            done = true
            handshake.fail(HTTPClientError(.connect, "no TLS handshake within \(timeout)"))
            context.close(promise: nil)
        }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if !done, let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            done = true
            timer?.cancel()
            handshake.succeed(ContinuousClock.now - (connected ?? .now))
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !done {
            done = true
            timer?.cancel()
            handshake.fail(error)
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !done {
            done = true
            timer?.cancel()
            handshake.fail(HTTPClientError(.connectionClosed, "the connection closed during the TLS handshake"))
        }
        context.fireChannelInactive()
    }
}
