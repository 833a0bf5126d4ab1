import ConnectCore
import DevStack
import Foundation
import Logging
import PostgresClient
import ServiceLifecycle
import Testing
import TestSupport

/// The write-behind `ai_usage` log over a private PostgreSQL: batches written on flush, rows
/// kept while the server is down and written after it returns, the rest written on graceful
/// shutdown.
@Suite struct UsageLogTests {
    let logger = Logger(label: "test")

    func entry(userID: UUID? = nil, cost: Double = 1.5) -> UsageLog.Entry {
        .init(
            kind: .matchExplanation, provider: "anthropic", model: "claude-test", inputTokens: 120, outputTokens: 80,
            costKRW: cost, cacheHit: false, latencyMilliseconds: 42, outcome: .success, userID: userID)
    }

    func rows(_ pool: PostgresPool) async throws -> (count: Int, withUser: Int, cost: Double) {
        try await pool.query(
            "SELECT count(*), count(user_id), coalesce(sum(cost_krw), 0)::float8 FROM ai_usage"
        ).first!.decode((Int, Int, Double).self)
    }

    @Test func rowsSurviveAnOutageAndAreWrittenOnShutdown() async throws {
        try await TestStack.withPrivatePostgres { server in
            let pool = PostgresPool(configuration: .init(url: server.url(database: "postgres"), poolSize: 2, acquireTimeout: .seconds(5)))
            try await Migrator(database: pool, logger: logger).migrate(TestStack.migrations())
            let userID = try await pool.query("""
                INSERT INTO users (email, name, password_hash) VALUES ('usage@example.com', 'Usage', 'x') RETURNING id
                """).first!.decode(UUID.self, at: 0)
            // A long interval: only flush() and shutdown write.
            let log = UsageLog(database: pool, interval: .seconds(3600), logger: logger)
            let group = ServiceGroup(configuration: .init(services: [log], logger: logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }

                // A known user keeps its id; an unknown one is written without a user.
                log.record(entry(userID: userID))
                log.record(entry(userID: UUID()))
                log.record(entry())
                await log.flush()
                var stored = try await rows(pool)
                #expect(stored.count == 3 && stored.withUser == 1)
                #expect(abs(stored.cost - 4.5) < 0.0001)

                // PostgreSQL away: flush returns, and the rows wait.
                try await server.stop()
                log.record(entry())
                log.record(entry())
                await log.flush()
                try await server.start()
                await log.flush()
                stored = try await rows(pool)
                #expect(stored.count == 5)

                // Graceful shutdown writes what is still queued.
                log.record(entry(cost: 10))
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let stored = try await rows(pool)
            #expect(stored.count == 6)
            #expect(abs(stored.cost - 17.5) < 0.0001)
            await pool.shutdown()
        }
    }
}
