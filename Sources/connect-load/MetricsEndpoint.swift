import Hummingbird
import LoadHarness
import Logging
import ServiceLifecycle

/// `--out prometheus=HOST:PORT`: serves the run's ``PrometheusOutput`` at `GET /metrics` while
/// `body` (the run) goes on, and stops when it ends.
enum MetricsEndpoint {
    static func serving<Value: Sendable>(
        _ output: PrometheusOutput?, _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        guard let output else { return try await body() }
        let router = Router()
        router.get("metrics") { _, _ -> Response in
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: output.exposition())))
            response.headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return response
        }
        var logger = Logger(label: "connect-load.metrics")
        logger.logLevel = .warning
        let app = Application(
            router: router, configuration: .init(address: .hostname(output.host, port: output.port), serverName: nil),
            onServerRunning: { channel in
                print("  metrics: http://\(output.host):\(channel.localAddress?.port ?? output.port)/metrics (Prometheus)")
            },
            logger: logger)
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask {
                try await services.run()
                return nil
            }
            group.addTask {
                do {
                    return try await body()
                } catch {
                    await services.triggerGracefulShutdown()
                    throw error
                }
            }
            var value: Value?
            for try await result in group {
                if let result {
                    value = result
                    await services.triggerGracefulShutdown()
                }
            }
            guard let value else { throw CancellationError() }
            return value
        }
    }
}
