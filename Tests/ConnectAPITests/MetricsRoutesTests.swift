import ConnectAPI
import ConnectCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Metrics
import Prometheus
import Testing

/// `GET /metrics` in Prometheus text: requests per route and status, cache results, pool gauges,
/// dependency latencies, the breaker's state and the process's figures.
@Suite struct MetricsRoutesTests {
    /// swift-metrics can be bootstrapped once per process; only this suite does it.
    static let bootstrap: Void = {
        var factory = PrometheusMetricsFactory()
        factory.durationHistogramBuckets = PlatformMetrics.durationBuckets
        MetricsSystem.bootstrap(factory)
    }()

    @Test func exposesRequestCacheAndPoolMetrics() async throws {
        _ = Self.bootstrap
        try await TestApp.run { client, _ in
            for _ in 0..<3 {
                try await client.execute(uri: "/api/funding-programs?limit=2", method: .get) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/api/funding-programs/\(UUID())", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = String(buffer: response.body)
                let lines = text.split(separator: "\n")
                #expect(lines.contains { $0.hasPrefix("connect_http_requests_total") && $0.contains(#"route="/api/funding-programs""#) && $0.contains(#"status="200""#) })
                #expect(lines.contains { $0.hasPrefix("connect_http_requests_total") && $0.contains(#"route="/api/funding-programs/{id}""#) && $0.contains(#"status="404""#) })
                #expect(lines.contains { $0.hasPrefix("connect_http_request_duration_seconds_bucket") })
                #expect(lines.contains { $0.hasPrefix("connect_cache_requests_total") && $0.contains(#"result="hit""#) })
                #expect(lines.contains { $0.hasPrefix("connect_pool_connections_open") && $0.contains(#"pool="database""#) })
                #expect(lines.contains { $0.hasPrefix("connect_queue_length") })
                func value(_ line: Substring?) -> Double? { line?.split(separator: " ").last.flatMap { Double($0) } }
                #expect(value(lines.first { $0.hasPrefix("connect_ai_breaker_state") && $0.contains(#"state="closed""#) }) == 1)
                #expect(value(lines.first { $0.hasPrefix("connect_ai_breaker_state") && $0.contains(#"state="open""#) }) == 0)
                // Dependencies: statement and command latency, waits for a connection (sub-ms buckets).
                #expect(lines.contains {
                    $0.hasPrefix("connect_postgres_statement_duration_seconds_count") && $0.contains(#"pool="database""#) && $0.contains(#"outcome="ok""#)
                })
                #expect(lines.contains { $0.hasPrefix("connect_redis_command_duration_seconds_count") && $0.contains(#"pool="redis_cache""#) })
                #expect(lines.contains { $0.hasPrefix("connect_pool_acquire_wait_seconds_bucket") && $0.contains(#"le="0.0001""#) })
                // The process's own figures.
                for name in ["process_resident_memory_bytes", "process_cpu_seconds_total", "process_open_fds", "process_max_fds", "process_threads"] {
                    let line = lines.first { $0.hasPrefix(name + " ") }
                    #expect(line != nil, "\(name) missing")
                    #expect((line.flatMap { Double($0.split(separator: " ")[1]) } ?? 0) > 0, "\(String(describing: line))")
                }
                #expect(text.contains("# TYPE process_cpu_seconds_total counter"))
            }
        }
    }
}
