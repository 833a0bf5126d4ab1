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

    @Sendable func statistics(_ request: Request, context: Context) async throws -> Schemas.AIMonitoringStats {
        let identity = try context.requireIdentity()
        guard identity.isAdmin else { throw APIError.forbidden("Administrators only") }
        let days = try QueryReader(request).int("days", in: 1...365, default: 7)!
        let usage = try await statistics(days)
        let limit = Double(dailyBudgetKRW)
        return Schemas.AIMonitoringStats(
            days: days,
            budget: .init(
                dailyLimit: dailyBudgetKRW, spent: usage.spentToday, remaining: max(0, limit - usage.spentToday),
                percentage: limit > 0 ? (usage.spentToday / limit * 100).rounded(toPlaces: 2) : 0),
            stats: .init(
                totalCost: usage.totalCost, totalRequests: usage.totalRequests, successRate: usage.successRate,
                cacheHitRate: usage.cacheHitRate, averageCost: usage.averageCost, averageDuration: usage.averageDuration,
                byService: .init(additionalProperties: usage.byService.mapValues {
                    Schemas.ServiceUsage(requests: $0.requests, cost: $0.cost, cacheHitRate: $0.cacheHitRate)
                }),
                latency: .init(p50: usage.p50, p95: usage.p95, p99: usage.p99)),
            // The offline model has no breaker: it reads closed.
            breaker: .init(
                state: .init(breaker?.state ?? .closed), provider: provider, consecutiveFailures: breaker?.consecutiveFailures ?? 0))
    }
}
