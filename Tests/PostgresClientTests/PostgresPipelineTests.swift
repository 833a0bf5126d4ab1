import ConnectionPooling
import DevStack
import Foundation
import Synchronization
import Testing
import TestSupport

@testable import PostgresClient

/// The non-blocking driver: statements pipelined over few connections, cancellation that
/// reaches the server, replies that arrive a byte at a time.
@Suite struct PostgresPipelineTests {
    @Test func thousandConcurrentStatementsShareFourConnections() async throws {
        try await TestStack.ensureRunning()
        let application = "pipeline_\(UInt32.random(in: 0...UInt32.max))"
        let pool = PostgresPool(configuration: .init(
            url: TestStack.devStack.maintenanceURL, poolSize: 4, acquireTimeout: .seconds(30), applicationName: application))
        let results = try await withThrowingTaskGroup(of: (Int, Int, String).self) { group in
            for index in 0..<1000 {
                group.addTask {
                    let row = try await pool.query("SELECT \(index)::int, repeat(\("가"), \(index % 7))").first!
                    let (number, text) = try row.decode((Int, String).self)
                    return (index, number, text)
                }
            }
            return try await group.reduce(into: [(Int, Int, String)]()) { $0.append($1) }
        }
        #expect(results.count == 1000)
        for (index, number, text) in results {
            #expect(number == index && text == String(repeating: "가", count: index % 7))
        }
        // Never more than four server sessions for all thousand.
        let observer = PostgresPool(configuration: .init(url: TestStack.devStack.maintenanceURL, poolSize: 1))
        let sessions = try await observer.query(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = \(application)").first!.decode(Int.self, at: 0)
        #expect(sessions >= 1 && sessions <= 4)
        #expect(pool.statistics.open <= 4 && pool.statistics.inUse == 0)
        await observer.shutdown()
        await pool.shutdown()
    }

    @Test func cancelledTaskCancelsItsStatementOnTheServerAndTheConnectionIsReused() async throws {
        try await TestStack.ensureRunning()
        let pool = PostgresPool(configuration: .init(url: TestStack.devStack.maintenanceURL, poolSize: 1))
        let observer = PostgresPool(configuration: .init(url: TestStack.devStack.maintenanceURL, poolSize: 1))
        let pid = try await pool.query("SELECT pg_backend_pid()").first!.decode(Int.self, at: 0)

        let sleeper = Task { try await pool.query("SELECT pg_sleep(30)") }
        func activeQuery() async throws -> String? {
            try await observer.query(
                "SELECT query FROM pg_stat_activity WHERE pid = \(pid) AND state = 'active'").first?.decode(String.self, at: 0)
        }
        var waited = 0
        while try await activeQuery() != "SELECT pg_sleep(30)" && waited < 500 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        #expect(try await activeQuery() == "SELECT pg_sleep(30)")

        let cancelled = ContinuousClock.now
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(ContinuousClock.now - cancelled < .seconds(2))

        // The server stopped the statement (not a thirty-second wait)…
        waited = 0
        while try await activeQuery() != nil && waited < 300 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        #expect(try await activeQuery() == nil)
        // …and the same server session answers the next statement.
        #expect(try await pool.query("SELECT pg_backend_pid()").first!.decode(Int.self, at: 0) == pid)
        await observer.shutdown()
        await pool.shutdown()
    }

    @Test func restartMidStatementGivesAConnectionErrorAndTheNextStatementSucceeds() async throws {
        try await TestStack.withPrivatePostgres { server in
            let pool = PostgresPool(configuration: .init(url: server.url(database: "postgres"), poolSize: 2, acquireTimeout: .seconds(5)))
            #expect(try await pool.query("SELECT 1").first?.decode(Int.self, at: 0) == 1)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let started = ContinuousClock.now
                    let error = try await #require(throws: PostgresError.self) { try await pool.query("SELECT pg_sleep(20)") }
                    // A clear connection error (the server's 57P01, or the socket closing), not a
                    // hang until the statement would have ended.
                    #expect(error.code == .connection)
                    #expect(ContinuousClock.now - started < .seconds(15))
                }
                while pool.statistics.inUse == 0 { try await Task.sleep(for: .milliseconds(10)) }
                try await Task.sleep(for: .milliseconds(200))
                try await server.stop()
                try await group.waitForAll()
            }
            try await server.start()
            #expect(try await pool.query("SELECT 2").first?.decode(Int.self, at: 0) == 2)
            await pool.shutdown()
        }
    }

    @Test func repliesReadOneByteAtATimeGiveTheSameResults() async throws {
        try await TestStack.withDatabase(migrated: false, poolSize: 2) { direct, url in
            let proxy = try ByteDribblingProxy(upstreamPort: TestStack.devStack.postgres.port)
            defer { proxy.stop() }
            let dribbledURL = url.replacingOccurrences(
                of: "127.0.0.1:\(TestStack.devStack.postgres.port)/", with: "127.0.0.1:\(proxy.port)/")
            let dribbled = PostgresPool(configuration: .init(url: dribbledURL, poolSize: 2))

            try await direct.query("CREATE TABLE items (id int PRIMARY KEY, name text, note text)")
            try await direct.query("INSERT INTO items VALUES (1, \("스마트팜 지원사업"), NULL), (2, 'TRL 6', \("공고 ✓"))")
            let statement: PostgresQuery = "SELECT id, name, note, now()::date::text FROM items ORDER BY id"
            #expect(try await dribbled.query(statement).rows.map(\.values) == direct.query(statement).rows.map(\.values))

            // An error reply, then the connection serves again.
            let error = try await #require(throws: PostgresError.self) {
                try await dribbled.query("INSERT INTO items VALUES (1, 'again', NULL)")
            }
            #expect(error.isUniqueViolation)

            // Many statements in flight at once, each answered with its own rows.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let row = try await dribbled.query("SELECT \(index)::int, repeat(\("한"), \(index))").first!
                        let (number, text) = try row.decode((Int, String).self)
                        #expect(number == index && text == String(repeating: "한", count: index))
                    }
                }
                try await group.waitForAll()
            }
            // A transaction and a script on a lent connection.
            try await dribbled.withTransaction { connection in
                try await connection.query("UPDATE items SET note = \("수정") WHERE id = 1")
                try await connection.execute(script: "UPDATE items SET note = note || '!' WHERE id = 1; SELECT 1;")
            }
            #expect(try await direct.query("SELECT note FROM items WHERE id = 1").first?.decode(String.self, at: 0) == "수정!")
            #expect(proxy.dribbled.load(ordering: .relaxed) > 1000)
            await dribbled.shutdown()
        }
    }

    @Test func statementsAfterAFailedOneInTheSamePipelineAreUnaffected() async throws {
        try await TestStack.withDatabase(migrated: false, poolSize: 1) { pool, _ in
            try await pool.query("CREATE TABLE items (id int PRIMARY KEY)")
            let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<60 {
                    // Every third statement inserts a duplicate and fails; the others succeed.
                    group.addTask {
                        do {
                            try await pool.query("INSERT INTO items VALUES (\(index % 3 == 0 ? 0 : index))")
                            return (index, true)
                        } catch let error as PostgresError where error.isUniqueViolation {
                            return (index, false)
                        }
                    }
                }
                return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.values.filter { !$0 }.count == 19)
            #expect(try await pool.query("SELECT count(*) FROM items").first?.decode(Int.self, at: 0) == 41)
            // A statement that does not parse fails alone and leaves nothing prepared behind.
            await #expect(throws: PostgresError.self) { try await pool.query("SELEC 1") }
            #expect(try await pool.query("SELECT 5").first?.decode(Int.self, at: 0) == 5)
        }
    }
}
