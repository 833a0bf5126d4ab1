import Foundation
import PostgresClient

/// Figures over `ai_usage` for the admin monitoring page.
public struct UsageStatistics: Sendable, Equatable {
    /// One service's share.
    public struct Service: Sendable, Equatable, Codable {
        public var requests: Int
        public var cost: Double
        public var cacheHitRate: Double
    }

    public var spentToday: Double
    public var totalCost: Double
    public var totalRequests: Int
    public var successRate: Double
    public var cacheHitRate: Double
    public var averageCost: Double
    public var averageDuration: Double
    public var byService: [String: Service]
    public var p50: Double
    public var p95: Double
    public var p99: Double

    /// Reads the statistics of the last `days` days (today's spend counts from midnight in Seoul).
    public static func load(from database: PostgresPool, days: Int) async throws -> UsageStatistics {
        let since = Date().addingTimeInterval(-Double(days) * 86_400)
        let row = try await database.query("""
            SELECT
                coalesce((SELECT sum(cost_krw) FROM ai_usage
                    WHERE created_at >= (date_trunc('day', now() AT TIME ZONE 'Asia/Seoul') AT TIME ZONE 'Asia/Seoul')), 0)::float8,
                coalesce(sum(cost_krw), 0)::float8, count(*),
                coalesce(avg(CASE WHEN outcome IN ('success', 'fallback') THEN 1.0 ELSE 0.0 END), 0)::float8,
                coalesce(avg(CASE WHEN cache_hit THEN 1.0 ELSE 0.0 END), 0)::float8,
                coalesce(avg(cost_krw) FILTER (WHERE NOT cache_hit), 0)::float8,
                coalesce(avg(latency_ms), 0)::float8,
                coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms), 0)::float8,
                coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms), 0)::float8,
                coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms), 0)::float8
            FROM ai_usage WHERE created_at >= \(since)
            """).first!
        let (spentToday, totalCost, total, success, hits, averageCost, averageDuration, p50, p95, p99) =
            try row.decode((Double, Double, Int, Double, Double, Double, Double, Double, Double, Double).self)
        var byService: [String: Service] = [:]
        for serviceRow in try await database.query("""
            SELECT kind, count(*), coalesce(sum(cost_krw), 0)::float8, coalesce(avg(CASE WHEN cache_hit THEN 1.0 ELSE 0.0 END), 0)::float8
            FROM ai_usage WHERE created_at >= \(since) GROUP BY kind
            """).rows {
            let (kind, requests, cost, rate) = try serviceRow.decode((String, Int, Double, Double).self)
            byService[kind] = Service(requests: requests, cost: cost.rounded(toPlaces: 4), cacheHitRate: rate.rounded(toPlaces: 4))
        }
        return UsageStatistics(
            spentToday: spentToday.rounded(toPlaces: 4), totalCost: totalCost.rounded(toPlaces: 4), totalRequests: total,
            successRate: success.rounded(toPlaces: 4), cacheHitRate: hits.rounded(toPlaces: 4),
            averageCost: averageCost.rounded(toPlaces: 4), averageDuration: averageDuration.rounded(toPlaces: 1),
            byService: byService, p50: p50, p95: p95, p99: p99)
    }
}
