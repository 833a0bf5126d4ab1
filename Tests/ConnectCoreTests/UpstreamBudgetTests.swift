import ConnectCore
import DevStack
import Foundation
import Logging
import PostgresClient
import RedisClient
import Testing
import TestSupport

/// The cost guard in front of the remote model, on real PostgreSQL and Redis: today's spend past
/// the daily budget refuses, the site-wide cap on upstream calls per minute refuses, and when
/// PostgreSQL cannot tell, the last spend it told counts.
@Suite struct UpstreamBudgetTests {
    let logger = Logger(label: "test")

    func spend(_ pool: PostgresPool, _ krw: Double, daysAgo: Int = 0) async throws {
        try await pool.query("""
            INSERT INTO ai_usage (kind, provider, model, cost_krw, outcome, created_at)
            VALUES ('QA_CHAT', 'anthropic', 'claude', \(krw), 'success', now() - make_interval(days => \(daysAgo)))
            """)
    }

    @Test func todaysSpendPastTheDailyBudgetRefuses() async throws {
        try await TestStack.withDatabase { pool, _ in
            try await TestStack.withPrivateRedis { server in
                let redis = RedisPool(configuration: .init(url: server.url, poolSize: 2))
                let limiter = RateLimiter(redis: redis, name: "test:upstream", limit: 1_000, window: .seconds(60))
                let budget = UpstreamBudget(database: pool, dailyLimitKRW: 100, limiter: limiter, refreshInterval: .zero, logger: logger)
                try await spend(pool, 500, daysAgo: 1)
                try await spend(pool, 60)
                #expect(await budget.check() == nil, "yesterday's spend does not count")
                try await spend(pool, 39.99)
                #expect(await budget.check() == nil, "99.99 of 100")
                try await spend(pool, 0.01)
                #expect(await budget.check() == .dailyBudget)
                await redis.shutdown()
            }
        }
    }

    @Test func upstreamCallsPerMinuteAreCappedForTheSite() async throws {
        try await TestStack.withDatabase { pool, _ in
            try await TestStack.withPrivateRedis { server in
                let redis = RedisPool(configuration: .init(url: server.url, poolSize: 2))
                // Two instances' guards share one counter.
                let first = UpstreamBudget(
                    database: pool, dailyLimitKRW: 50_000,
                    limiter: RateLimiter(redis: redis, name: "test:upstream", limit: 3, window: .seconds(60)), logger: logger)
                let second = UpstreamBudget(
                    database: pool, dailyLimitKRW: 50_000,
                    limiter: RateLimiter(redis: redis, name: "test:upstream", limit: 3, window: .seconds(60)), logger: logger)
                var refusals: [UpstreamBudget.Refusal?] = []
                for guardian in [first, second, first, second] { refusals.append(await guardian.check()) }
                #expect(refusals == [nil, nil, nil, .callsPerMinute])
                await redis.shutdown()
            }
        }
    }

    @Test func whenPostgreSQLCannotTellTheLastSpendItToldCounts() async throws {
        try await TestStack.withPrivatePostgres { server in
            let url = server.url(database: "postgres")
            let pool = PostgresPool(configuration: .init(url: url, poolSize: 2, acquireTimeout: .seconds(2)))
            try await Migrator(database: pool, logger: logger).migrate(TestStack.migrations())
            try await TestStack.withPrivateRedis { cache in
                let redis = RedisPool(configuration: .init(url: cache.url, poolSize: 2))
                let limiter = RateLimiter(redis: redis, name: "test:upstream", limit: 1_000, window: .seconds(60))
                let budget = UpstreamBudget(database: pool, dailyLimitKRW: 100, limiter: limiter, refreshInterval: .zero, logger: logger)
                // Never told: nothing is known to be spent, calls go ahead.
                let unknown = UpstreamBudget(database: pool, dailyLimitKRW: 100, limiter: limiter, refreshInterval: .zero, logger: logger)
                try await spend(pool, 150)
                #expect(await budget.check() == .dailyBudget)
                try await server.stop()
                #expect(await budget.check() == .dailyBudget, "the last spend read still counts")
                #expect(await unknown.check() == nil)
                await redis.shutdown()
            }
            await pool.shutdown()
        }
    }
}
