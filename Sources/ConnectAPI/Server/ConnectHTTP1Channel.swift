import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// One client connection of the platform's HTTP/1 server, handler by handler:
/// ``GracefulCloseHandler`` first, on raw bytes; NIO's HTTP/1 codec; then
/// ``ConnectionGuardHandler`` (timeouts, sizes, the connection bound, draining) and
/// ``HealthProbeHandler`` (probes answered on the event loop); and last
/// ``RequestDispatchHandler``, which converts each request to HTTP types and runs it through the
/// router on the connection's event loop.
struct ConnectHTTP1Channel<Responder: HTTPResponder>: ServerChildChannel where Responder.Context == ConnectRequestContext {
    /// A set-up connection: done once it has closed and its last response has ended.
    struct Value: ServerChildChannelValue {
        let channel: any Channel
        let finished: EventLoopFuture<Void>
    }

    let responder: Responder
    /// Where readiness answers come from.
    let readiness: ReadinessAnswers
    let limits: ConnectionLimits
    /// Open connections of this server.
    let connections: ConnectionCount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let admitted = connections.admit(limit: limits.maxConnections)
            if admitted {
                channel.closeFuture.whenComplete { [connections] _ in connections.release() }
            }
            let state = ConnectionState()
            let pipeline = channel.pipeline.syncOperations
            // Heads are limited as Hummingbird's HTTP/1 channel limits them (80 KiB, 1,000 fields).
            var decoderLimits = NIOHTTPDecoderLimitConfiguration()
            decoderLimits.maxHeaderFieldSize = 80 * 1024
            decoderLimits.maxHeaderListSize = 80 * 1024
            decoderLimits.maxHeaderFieldCount = 1000
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: decoderLimits)
            try pipeline.addHandler(GracefulCloseHandler(state: state, lingerTimeout: limits.lingerTimeout), position: .first)
            try pipeline.addHandler(ConnectionGuardHandler(limits: limits, state: state, refused: !admitted))
            try pipeline.addHandler(HealthProbeHandler(readiness: readiness))
            let dispatch = RequestDispatchHandler(responder: responder, eventLoop: channel.eventLoop, logger: logger)
            try pipeline.addHandler(dispatch)
            return Value(channel: channel, finished: dispatch.finished.futureResult)
        }
    }

    /// Waits until the connection has closed and its last response has ended (closing it when
    /// the server stops waiting).
    func handle(value: Value, logger: Logger) async {
        await withTaskCancellationHandler {
            try? await value.finished.get()
        } onCancel: {
            value.channel.close(promise: nil)
        }
    }
}

extension HTTPServerBuilder {
    /// The platform's HTTP/1 server (``ConnectHTTP1Channel``): `responder` answers every request
    /// but the probes, connections are held to `limits`. (Hummingbird's own responder closure,
    /// which the builder is given, is not used.)
    static func connectHTTP1<Responder: HTTPResponder>(
        responder: Responder, readiness: ReadinessAnswers, limits: ConnectionLimits
    ) -> HTTPServerBuilder where Responder.Context == ConnectRequestContext {
        let connections = ConnectionCount()
        return .init { _ in
            ConnectHTTP1Channel(responder: responder, readiness: readiness, limits: limits, connections: connections)
        }
    }
}
