import ConnectionPooling
import DevStack
import Foundation
import Synchronization
import Testing
import TestSupport

@testable import PostgresClient

/// Statements, errors, transactions, pool bounds and recovery against real servers.
@Suite struct PostgresPoolTests {
    @Test func failingStatementCarriesItsSQLState() async throws {
        try await TestStack.withDatabase(migrated: false) { pool, _ in
            let missing = try await #require(throws: PostgresError.self) {
                try await pool.query("SELECT * FROM no_such_table")
            }
            #expect(missing.code == .server)
            #expect(missing.sqlState == "42P01")
            #expect(String(reflecting: missing).contains("no_such_table"))
            #expect(!String(describing: missing).contains("no_such_table"))

            try await pool.query("CREATE TABLE items (name text PRIMARY KEY)")
            try await pool.query("INSERT INTO items VALUES (\("스마트팜"))")
            let duplicate = try await #require(throws: PostgresError.self) {
                try await pool.query("INSERT INTO items VALUES (\("스마트팜"))")
            }
            #expect(duplicate.isUniqueViolation)
            // The connection is still usable after an error.
            #expect(try await pool.query("SELECT count(*) FROM items").first?.decode(Int.self, at: 0) == 1)
        }
    }

    struct Abort: Error {}

    @Test func transactionThatThrowsLeavesNoRows() async throws {
        try await TestStack.withDatabase(migrated: false) { pool, _ in
            try await pool.query("CREATE TABLE items (name text)")
            await #expect(throws: Abort.self) {
                try await pool.withTransaction { connection in
                    try await connection.query("INSERT INTO items VALUES ('a'), ('b')")
                    #expect(try await connection.query("SELECT count(*) FROM items").first?.decode(Int.self, at: 0) == 2)
                    throw Abort()
                }
            }
            #expect(try await pool.query("SELECT count(*) FROM items").first?.decode(Int.self, at: 0) == 0)

            try await pool.withTransaction { connection in
                try await connection.query("INSERT INTO items VALUES ('c')")
            }
            #expect(try await pool.query("SELECT count(*) FROM items").first?.decode(Int.self, at: 0) == 1)
        }
    }

    @Test func thousandConcurrentQueriesThroughPoolOfEight() async throws {
        try await TestStack.withDatabase(migrated: false, poolSize: 8) { pool, _ in
            let sum = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<1000 {
                    group.addTask { try await pool.query("SELECT \(index)::int + 1").first!.decode(Int.self, at: 0) }
                }
                return try await group.reduce(0, +)
            }
            #expect(sum == (1...1000).reduce(0, +))
            let statistics = pool.statistics
            #expect(statistics.open <= 8)
            #expect(statistics.inUse == 0 && statistics.waiters == 0)
        }
    }

    @Test func exhaustedPoolTimesOutWithClearError() async throws {
        try await TestStack.ensureRunning()
        let pool = PostgresPool(configuration: .init(
            url: TestStack.devStack.maintenanceURL, poolSize: 1, acquireTimeout: .milliseconds(200)))
        let (release, releaser) = AsyncStream<Void>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The only connection stays lent until the waiting caller has given up: the error
            // can only be the acquire timeout, not a connection that came back.
            group.addTask {
                _ = try await pool.withConnection { connection in
                    try await connection.query("SELECT 1")
                    for await _ in release { break }
                }
            }
            while pool.statistics.inUse == 0 { try await Task.sleep(for: .milliseconds(5)) }
            let started = ContinuousClock.now
            let error = try await #require(throws: ConnectionPoolError.self) { try await pool.query("SELECT 1") }
            releaser.yield()
            #expect(error == .acquireTimeout(pool: "postgres", waited: .milliseconds(200)))
            #expect(ContinuousClock.now - started >= .milliseconds(200))
            #expect(error.description.contains("exhausted"))
            try await group.waitForAll()
        }
        // Once the connection is back the pool serves again.
        #expect(try await pool.query("SELECT 7").first?.decode(Int.self, at: 0) == 7)
        await pool.shutdown()
    }

    @Test func statementTimeoutIsEnforced() async throws {
        try await TestStack.ensureRunning()
        let pool = PostgresPool(configuration: .init(
            url: TestStack.devStack.maintenanceURL, poolSize: 1, statementTimeout: .milliseconds(300)))
        let error = try await #require(throws: PostgresError.self) { try await pool.query("SELECT pg_sleep(3)") }
        #expect(error.isStatementTimeout)
        #expect(try await pool.query("SELECT 1").first?.decode(Int.self, at: 0) == 1)
        await pool.shutdown()
    }

    @Test func clientTimeoutDropsASilentConnection() async throws {
        try await TestStack.ensureRunning()
        let pool = PostgresPool(configuration: .init(url: TestStack.devStack.maintenanceURL, poolSize: 1))
        // Measured from the statement, not from opening the connection (seconds on a loaded machine).
        let started = Mutex(ContinuousClock.now)
        let error = try await #require(throws: PostgresError.self) {
            try await pool.withConnection { connection in
                try await connection.query("SELECT 1")
                started.withLock { $0 = .now }
                return try await connection.query("SELECT pg_sleep(30)", timeout: .milliseconds(300))
            }
        }
        #expect(error.code == .timeout)
        // Far sooner than the statement would end (a CI run on a loaded machine took 3 s for the 300 ms).
        #expect(ContinuousClock.now - started.withLock { $0 } < .seconds(15))
        #expect(try await pool.query("SELECT 2").first?.decode(Int.self, at: 0) == 2)
        await pool.shutdown()
    }

    /// A server that accepts and stays silent holds libpq's blocking connect for its whole
    /// `connect_timeout`; the caller's own timeout still holds meanwhile.
    @Test func callerTimeoutHoldsWhileTheConnectionOpens() async throws {
        let listener = try SilentListener()
        let pool = PostgresPool(configuration: .init(
            url: "postgresql://nobody@127.0.0.1:\(listener.port)/none", poolSize: 1, connectTimeout: .seconds(10)))
        let started = ContinuousClock.now
        let error = try await #require(throws: PostgresError.self) {
            try await pool.query("SELECT 1", timeout: .milliseconds(300))
        }
        #expect(error.code == .timeout)
        // Not the 10 s of connect_timeout (a loaded machine may stretch the 300 ms to seconds).
        #expect(ContinuousClock.now - started < .seconds(5))
        // Closing the listener resets the pending connection: the blocked connect ends at once.
        listener.close()
        await pool.shutdown()
    }

    @Test func statementsArePreparedOncePerConnection() async throws {
        try await TestStack.withDatabase(migrated: false, poolSize: 1) { pool, _ in
            let prepared = try await pool.withConnection { connection in
                for value in 0..<5 { try await connection.query("SELECT \(value)::int * 2") }
                return try await connection.query(
                    "SELECT count(*) FROM pg_prepared_statements WHERE statement = \("SELECT $1::int * 2")"
                ).first!.decode(Int.self, at: 0)
            }
            #expect(prepared == 1)
        }
    }

    @Test func poolRecoversAfterPostgresRestart() async throws {
        try await TestStack.withPrivatePostgres { server in
            let pool = PostgresPool(configuration: .init(url: server.url(database: "postgres"), poolSize: 4, acquireTimeout: .seconds(2)))
            // Open all four connections (four lent at once are four different ones).
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { _ = try await pool.withConnection { try await $0.query("SELECT pg_sleep(0.05)") } } }
                try await group.waitForAll()
            }
            #expect(pool.statistics.open == 4)

            // Queries keep coming while the server restarts; some fail, none hang.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for _ in 0..<40 {
                        _ = try? await pool.query("SELECT 1")
                        try await Task.sleep(for: .milliseconds(25))
                    }
                }
                try await server.stop()
                try await server.start()
                try await group.waitForAll()
            }

            // Every pooled connection was replaced: forty queries in a row succeed.
            for index in 0..<40 {
                #expect(try await pool.query("SELECT \(index)::int").first?.decode(Int.self, at: 0) == index)
            }
            await pool.shutdown()
        }
    }

    @Test func aServerOnThisHostIsReachedOverItsUnixSocketAndAfterARestart() async throws {
        try await TestStack.withPrivatePostgres { server in
            let url = try #require(server.socketURL(database: "postgres"), "the server listens in \(server.socketDirectory ?? "no folder")")
            let pool = PostgresPool(configuration: .init(url: url, poolSize: 2, acquireTimeout: .seconds(2)))
            // Over a Unix-domain socket the server has no address of its own.
            let row = try #require(try await pool.query("SELECT inet_server_addr() IS NULL, \("소켓")::text").first)
            #expect(try row.decode((Bool, String).self) == (true, "소켓"))
            try await server.stop()
            let error = try await #require(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(error.code == .connection)
            try await server.start()
            #expect(try await pool.query("SELECT 2::int").first?.decode(Int.self, at: 0) == 2)
            await pool.shutdown()
        }
    }

    @Test func unreachableServerIsAConnectionError() async throws {
        let pool = PostgresPool(configuration: .init(
            url: "postgresql://connect@127.0.0.1:\(TestStack.freePort())/postgres", poolSize: 1))
        let error = try await #require(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        #expect(error.code == .connection)
        #expect(pool.statistics.open == 0)
        await pool.shutdown()
    }
}
