import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 child channel with the connection's own handlers around NIO's HTTP/1
/// codec: ``GracefulCloseHandler`` first, on raw bytes; then, right after the codec and before
/// the conversion to HTTP types, ``ConnectionGuardHandler`` (timeouts, sizes, the connection
/// bound, draining) and ``HealthProbeHandler`` (probes answered on the event loop). Everything
/// else goes through Hummingbird unchanged.
struct ConnectHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    /// Where readiness answers come from.
    let readiness: ReadinessAnswers
    let limits: ConnectionLimits
    /// Open connections of this server.
    let connections: ConnectionCount

    var responder: HTTPChannelHandler.Responder { base.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let admitted = connections.admit(limit: limits.maxConnections)
            if admitted {
                channel.closeFuture.whenComplete { [connections] _ in connections.release() }
            }
            let state = ConnectionState()
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(GracefulCloseHandler(state: state, lingerTimeout: limits.lingerTimeout), position: .first)
            let codec = try pipeline.handler(type: HTTP1ToHTTPServerCodec.self)
            try pipeline.addHandler(ConnectionGuardHandler(limits: limits, state: state, refused: !admitted), position: .before(codec))
            try pipeline.addHandler(HealthProbeHandler(readiness: readiness), position: .before(codec))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 as ``HTTPServerBuilder/http1(configuration:)``, with connections held to `limits`
    /// and health probes answered on the event loop (``ConnectHTTP1Channel``).
    static func connectHTTP1(
        readiness: ReadinessAnswers, limits: ConnectionLimits, configuration: HTTP1Channel.Configuration = .init()
    ) -> HTTPServerBuilder {
        let connections = ConnectionCount()
        return .init { responder in
            ConnectHTTP1Channel(
                base: HTTP1Channel(responder: responder, configuration: configuration), readiness: readiness, limits: limits,
                connections: connections)
        }
    }
}
