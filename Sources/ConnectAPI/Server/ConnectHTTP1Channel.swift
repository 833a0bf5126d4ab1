import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 child channel with ``HealthProbeHandler`` placed right after NIO's
/// HTTP/1 codec, before the conversion to HTTP types: health probes are answered on NIOHTTP1
/// heads, and everything else goes through Hummingbird unchanged.
struct ConnectHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    /// Where readiness answers come from.
    let readiness: ReadinessAnswers

    var responder: HTTPChannelHandler.Responder { base.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let codec = try pipeline.handler(type: HTTP1ToHTTPServerCodec.self)
            try pipeline.addHandler(HealthProbeHandler(readiness: readiness), position: .before(codec))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 as ``HTTPServerBuilder/http1(configuration:)``, with health probes answered on the
    /// event loop (``ConnectHTTP1Channel``).
    static func connectHTTP1(readiness: ReadinessAnswers, configuration: HTTP1Channel.Configuration = .init()) -> HTTPServerBuilder {
        .init { responder in
            ConnectHTTP1Channel(base: HTTP1Channel(responder: responder, configuration: configuration), readiness: readiness)
        }
    }
}
