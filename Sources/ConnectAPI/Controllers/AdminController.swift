import ConnectCore
import Foundation
import Hummingbird

/// `GET /api/admin/ai-monitoring/stats?days=1..365`, for the ADMIN role only.
struct AdminController: Sendable {
    typealias Context = ConnectRequestContext

    /// The figures over `ai_usage` (with the rows still queued in this process).
    let statistics: @Sendable (_ days: Int) async throws -> UsageStatistics
    let breaker: CircuitBreaker?
    /// `anthropic` or `offline`.
    let provider: String
    let dailyBudgetKRW: Int

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("admin/ai-monitoring/stats", use: statistics)
    }

    struct StatisticsResponse: ResponseEncodable {
        struct Budget: Encodable {
            var dailyLimit: Int
            var spent: Double
            var remaining: Double
            var percentage: Double
        }
        struct Stats: Encodable {
            struct Latency: Encodable { var p50: Double; var p95: Double; var p99: Double }
            var totalCost: Double
            var totalRequests: Int
            var successRate: Double
            var cacheHitRate: Double
            var averageCost: Double
            var averageDuration: Double
            var byService: [String: UsageStatistics.Service]
            var latency: Latency
        }
        struct Breaker: Encodable {
            var state: String
            var provider: String
            var consecutiveFailures: Int
        }
        var days: Int
        var budget: Budget
        var stats: Stats
        var breaker: Breaker
    }

    @Sendable func statistics(_ request: Request, context: Context) async throws -> StatisticsResponse {
        let identity = try context.requireIdentity()
        guard identity.isAdmin else { throw APIError.forbidden("Administrators only") }
        let days = try QueryReader(request).int("days", in: 1...365, default: 7)!
        let usage = try await statistics(days)
        let limit = Double(dailyBudgetKRW)
        return StatisticsResponse(
            days: days,
            budget: .init(
                dailyLimit: dailyBudgetKRW, spent: usage.spentToday, remaining: max(0, limit - usage.spentToday),
                percentage: limit > 0 ? (usage.spentToday / limit * 100).rounded(toPlaces: 2) : 0),
            stats: .init(
                totalCost: usage.totalCost, totalRequests: usage.totalRequests, successRate: usage.successRate,
                cacheHitRate: usage.cacheHitRate, averageCost: usage.averageCost, averageDuration: usage.averageDuration,
                byService: usage.byService, latency: .init(p50: usage.p50, p95: usage.p95, p99: usage.p99)),
            // The offline model has no breaker: it reads closed.
            breaker: .init(
                state: (breaker?.state ?? .closed).rawValue, provider: provider, consecutiveFailures: breaker?.consecutiveFailures ?? 0))
    }
}
