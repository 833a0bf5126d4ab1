import Foundation
import Logging
import PostgresClient
import Synchronization

/// The cost guard in front of the remote model: a daily budget in won (spent today, from
/// `ai_usage`, re-read at most every `refreshInterval`) and a global cap on upstream calls per
/// minute shared by every instance through the cache instance. Past either, callers get the
/// offline fallback. When PostgreSQL cannot tell, the last known spend counts; when Redis cannot,
/// the cap is counted per instance.
public final class UpstreamBudget: Sendable {
    /// Why a call was refused.
    public enum Refusal: String, Sendable {
        case dailyBudget = "daily_budget"
        case callsPerMinute = "calls_per_minute"
    }

    private let database: PostgresPool
    /// The daily limit, in won.
    public let dailyLimitKRW: Double
    private let limiter: RateLimiter
    private let refreshInterval: Duration
    private let logger: Logger
    private let spent = Mutex<(readAt: ContinuousClock.Instant, krw: Double)?>(nil)

    public init(database: PostgresPool, dailyLimitKRW: Int, limiter: RateLimiter, refreshInterval: Duration = .seconds(5), logger: Logger) {
        self.database = database
        self.dailyLimitKRW = Double(dailyLimitKRW)
        self.limiter = limiter
        self.refreshInterval = refreshInterval
        self.logger = logger
    }

    /// `nil` when the call may go upstream, else why not.
    public func check() async -> Refusal? {
        if await spentToday() >= dailyLimitKRW { return .dailyBudget }
        // While the cache instance is down the cap holds per instance (the limiter falls back).
        if await !limiter.check("all").allowed { return .callsPerMinute }
        return nil
    }

    /// What the site spent on model calls today (every instance, from `ai_usage`), in won; re-read
    /// at most every refresh interval, the last known figure while PostgreSQL cannot tell.
    public func spentToday() async -> Double {
        let now = ContinuousClock.now
        if let last = spent.withLock({ $0 }), now - last.readAt < refreshInterval { return last.krw }
        do {
            let krw = try await database.query(
                "SELECT coalesce(sum(cost_krw), 0)::float8 FROM ai_usage WHERE created_at >= date_trunc('day', now())"
            ).first?.decode(Double.self, at: 0) ?? 0
            spent.withLock { $0 = (now, krw) }
            return krw
        } catch {
            logger.debug("daily AI spend unavailable", metadata: ["error": "\(error)"])
            return spent.withLock { $0?.krw } ?? 0
        }
    }
}
