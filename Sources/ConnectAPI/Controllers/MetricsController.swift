import ConnectCore
import Hummingbird
import Prometheus

/// `GET /metrics`: Prometheus text of everything recorded through swift-metrics, with the pool,
/// queue and breaker gauges refreshed at scrape time, and the process's own figures.
struct MetricsController: Sendable {
    let dependencies: PlatformDependencies
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<ConnectRequestContext>) {
        router.get("metrics", use: metrics)
    }

    @Sendable func metrics(_ request: Request, context: ConnectRequestContext) async throws -> Response {
        await dependencies.recordGauges()
        var body = ByteBuffer(bytes: registry.emitToBuffer())
        body.writeString(ProcessMetrics.exposition())
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
