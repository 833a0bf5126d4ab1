import ConnectCore
import ConnectionPooling
import PostgresClient
import RedisClient
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
        let pools = [
            ("database", dependencies.database.statistics), ("redis_cache", dependencies.cache.statistics),
            ("redis_queue", dependencies.queue.statistics),
        ]
        for (name, statistics) in pools {
            PlatformMetrics.gauge("connect_pool_connections_in_use", statistics.inUse, dimensions: [("pool", name)])
            PlatformMetrics.gauge("connect_pool_connections_open", statistics.open, dimensions: [("pool", name)])
            PlatformMetrics.gauge("connect_pool_waiters", statistics.waiters, dimensions: [("pool", name)])
        }
        if let depth = try? await dependencies.jobQueue.depth() {
            PlatformMetrics.gauge("connect_queue_length", depth.length)
            PlatformMetrics.gauge("connect_queue_pending", depth.pending)
        }
        PlatformMetrics.breaker(dependencies.circuitState)
        PlatformMetrics.budget(spentKRW: await dependencies.budget.spentToday(), limitKRW: dependencies.budget.dailyLimitKRW)
        var body = ByteBuffer(bytes: registry.emitToBuffer())
        body.writeString(ProcessMetrics.exposition())
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
