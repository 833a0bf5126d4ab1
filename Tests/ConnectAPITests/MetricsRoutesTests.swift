import ConnectAPI
import Foundation
import Hummingbird
import HummingbirdTesting
import Metrics
import Prometheus
import Testing

/// `GET /metrics` in Prometheus text: requests per route and status, cache results, pool gauges.
@Suite struct MetricsRoutesTests {
    /// swift-metrics can be bootstrapped once per process; only this suite does it.
    static let bootstrap: Void = MetricsSystem.bootstrap(PrometheusMetricsFactory())

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
                #expect(lines.contains { $0.hasPrefix("connect_ai_breaker_state") })
            }
        }
    }
}
