import ConnectionPooling
import DevStack
import Foundation
import Testing
import TestSupport

@testable import RedisClient

/// Replies, binary safety, pipelining, pool bounds, timeouts and reconnects against real Redis.
@Suite struct RedisClientTests {
    /// - Parameter commandTimeout: longer for the tests of many concurrent commands, which are
    ///   about every reply reaching its caller: in CI's parallel pass the suites beside them have
    ///   held both cores for seconds (a 5 s reply timeout fired there once, 2026-12-04).
    func withDevCache<Result: Sendable>(
        poolSize: Int = 4, label: String = "redis-test", commandTimeout: Duration = .seconds(5),
        _ body: (RedisPool, String) async throws -> Result
    ) async throws -> Result {
        try await TestStack.ensureRunning()
        let pool = RedisPool(configuration: .init(
            url: TestStack.devStack.cache.url, poolSize: poolSize, commandTimeout: commandTimeout, label: label))
        let prefix = "test:\(UUID().uuidString):"
        do {
            let result = try await body(pool, prefix)
            await pool.shutdown()
            return result
        } catch {
            await pool.shutdown()
            throw error
        }
    }

    @Test func everyReplyTypeDecodes() async throws {
        try await withDevCache { pool, prefix in
            #expect(try await pool.command("SET", prefix + "k", "값") == .simpleString("OK"))
            #expect(try await pool.command("GET", prefix + "k") == .bulkString(Array("값".utf8)))
            #expect(try await pool.command("GET", prefix + "k").string == "값")
            #expect(try await pool.command("INCRBY", prefix + "n", 41) == .integer(41))
            #expect(try await pool.command("GET", prefix + "missing") == .null)
            try await pool.command("RPUSH", prefix + "list", "a", "b")
            #expect(try await pool.command("LRANGE", prefix + "list", 0, -1) == .array([.bulkString([97]), .bulkString([98])]))
            #expect(try await pool.command("LRANGE", prefix + "empty", 0, -1) == .array([]))
            let error = try await #require(throws: RedisError.self) { try await pool.command("INCR", prefix + "list") }
            #expect(error.code == .server)
            #expect(error.prefix == "WRONGTYPE")
            #expect(try await pool.command("EXPIRE", prefix + "k", 60).int == 1)
            try await pool.command("DEL", prefix + "k", prefix + "n", prefix + "list")
        }
    }

    @Test func argumentsAndValuesAreBinarySafe() async throws {
        try await withDevCache { pool, prefix in
            let bytes: [UInt8] = [0, 13, 10, 255, 36, 42, 0]
            try await pool.command("SET", prefix + "bin\r\n\0", bytes)
            #expect(try await pool.command("GET", prefix + "bin\r\n\0").bytes == bytes)
            #expect(try await pool.command("STRLEN", prefix + "bin\r\n\0") == .integer(7))
            try await pool.command("DEL", prefix + "bin\r\n\0")
        }
    }

    @Test func pipelineOfThousandCommandsReturnsRepliesInOrder() async throws {
        try await withDevCache { pool, prefix in
            let commands: [[any RedisArgument]] = (0..<1000).map { _ in ["INCR", prefix + "counter"] }
            let replies = try await pool.pipeline(commands)
            #expect(replies.count == 1000)
            #expect(replies == (1...1000).map { RESPValue.integer(Int64($0)) })
            // An error reply stays in its place instead of failing the pipeline.
            let mixed = try await pool.pipeline([["SET", prefix + "s", "x"], ["INCR", prefix + "s"], ["GET", prefix + "s"]])
            #expect(mixed[0] == .simpleString("OK"))
            if case .error(let message) = mixed[1] { #expect(message.hasPrefix("ERR")) } else { Issue.record("expected an error reply") }
            #expect(mixed[2].string == "x")
            try await pool.command("DEL", prefix + "counter", prefix + "s")
        }
    }

    @Test func tenThousandConcurrentCommandsOverFourConnectionsAreAllAnsweredInOrder() async throws {
        let label = "redis-test-\(UInt32.random(in: 0...UInt32.max))"
        try await withDevCache(poolSize: 4, label: label, commandTimeout: .seconds(60)) { pool, prefix in
            // Every reply names its command, so a reply handed to the wrong caller shows.
            let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<10_000 {
                    group.addTask { try await pool.command("ECHO", "\(prefix)\(index)").string == "\(prefix)\(index)" }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(answered == 10_000)
            let statistics = pool.statistics
            #expect(statistics.open <= 4)
            #expect(statistics.inUse == 0)
            // The server sees the connections by the pool's name: at most four.
            let clients = try await pool.command("CLIENT", "LIST").string ?? ""
            let ours = clients.split(separator: "\n").filter { $0.contains(" name=\(label) ") }
            #expect((1...4).contains(ours.count), "\(ours)")
        }
    }

    @Test func aBlockingCommandGetsAConnectionOfItsOwn() async throws {
        try await withDevCache(poolSize: 2) { pool, prefix in
            let popped = try await withThrowingTaskGroup(of: RESPValue.self) { group in
                group.addTask { try await pool.command(["BLPOP", prefix + "list", 30], timeout: .seconds(60)) }
                while pool.statistics.inUse == 0 { try await Task.sleep(for: .milliseconds(5)) }
                // Shared commands go to the other connection instead of queueing behind the BLPOP,
                // which still holds its own when they are all answered.
                for index in 0..<100 { #expect(try await pool.command("ECHO", index).string == "\(index)") }
                #expect(pool.statistics.inUse == 1, "the BLPOP still waits")
                try await pool.command("RPUSH", prefix + "list", "go")
                return try await group.next()
            }
            #expect(popped?.array?.last?.string == "go")
        }
    }

    @Test func aLentConnectionPipelinesItsOwnConcurrentCommands() async throws {
        try await withDevCache(poolSize: 1, commandTimeout: .seconds(60)) { pool, prefix in
            let values = try await pool.withConnection { connection in
                try await withThrowingTaskGroup(of: Int?.self) { group in
                    for _ in 0..<1_000 { group.addTask { try await connection.command("INCR", prefix + "n").int } }
                    return try await group.reduce(into: [Int]()) { if let value = $1 { $0.append(value) } }
                }
            }
            #expect(values.sorted() == Array(1...1_000))
            try await pool.command("DEL", prefix + "n")
        }
    }

    /// A server that accepts and stays silent holds the connection's set-up (`CLIENT SETNAME`)
    /// for the configured command timeout; a caller's own, shorter timeout still holds meanwhile.
    @Test func callerTimeoutHoldsWhileTheConnectionOpens() async throws {
        let listener = try SilentListener()
        let pool = RedisPool(configuration: .init(url: "redis://127.0.0.1:\(listener.port)", poolSize: 1, commandTimeout: .seconds(10)))
        let started = ContinuousClock.now
        let error = try await #require(throws: RedisError.self) { try await pool.command(["PING"], timeout: .milliseconds(300)) }
        #expect(error.code == .timeout)
        // Not the 10 s of the set-up's timeout (a loaded machine may stretch the 300 ms to seconds).
        #expect(ContinuousClock.now - started < .seconds(5))
        listener.close()
        await pool.shutdown()
    }

    @Test func exhaustedPoolTimesOut() async throws {
        try await TestStack.ensureRunning()
        let pool = RedisPool(configuration: .init(
            url: TestStack.devStack.cache.url, poolSize: 1, acquireTimeout: .milliseconds(200), label: "redis-small"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await pool.command("BLPOP", "test:never:\(UUID())", 1) }
            // The only connection is lent to the BLPOP before the next acquire.
            while pool.statistics.inUse == 0 { try await Task.sleep(for: .milliseconds(5)) }
            let error = try await #require(throws: ConnectionPoolError.self) { try await pool.command("PING") }
            #expect(error == .acquireTimeout(pool: "redis-small", waited: .milliseconds(200)))
            try await group.waitForAll()
        }
        #expect(try await pool.command("PING") == .simpleString("PONG"))
        await pool.shutdown()
    }

    @Test func aCancelledWaiterLeavesTheQueueAndTheNextIsServedWhenTheConnectionComesBack() async throws {
        try await TestStack.ensureRunning()
        let pool = RedisPool(configuration: .init(
            url: TestStack.devStack.cache.url, poolSize: 1, acquireTimeout: .seconds(30), label: "redis-waiters"))
        let other = RedisPool(configuration: .init(url: TestStack.devStack.cache.url, poolSize: 1, label: "redis-pusher"))
        let key = "test:waiters:\(UUID())"
        let blocked = Task { try await pool.command(["BLPOP", key, 30], timeout: .seconds(40)) }
        while pool.statistics.inUse == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let cancelled = Task { try await pool.command("PING") }
        while pool.statistics.waiters == 0 { try await Task.sleep(for: .milliseconds(5)) }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(pool.statistics.waiters == 0)
        let served = Task { try await pool.command("ECHO", "after") }
        while pool.statistics.waiters == 0 { try await Task.sleep(for: .milliseconds(5)) }
        try await other.command("RPUSH", key, "go")
        #expect(try await blocked.value.array?.last?.string == "go")
        #expect(try await served.value.string == "after")
        await other.shutdown()
        await pool.shutdown()
    }

    @Test func commandTimeoutDropsTheConnectionAndTheNextCallReconnects() async throws {
        try await withDevCache(poolSize: 1) { pool, prefix in
            let error = try await #require(throws: RedisError.self) {
                try await pool.withConnection { try await $0.command(["BLPOP", prefix + "never", 5], timeout: .milliseconds(200)) }
            }
            #expect(error.code == .timeout)
            #expect(try await pool.command("PING") == .simpleString("PONG"))
        }
    }

    @Test func reconnectsAfterRedisRestarts() async throws {
        try await TestStack.withPrivateRedis(role: .queue) { server in
            let pool = RedisPool(configuration: .init(url: server.url, poolSize: 2, connectTimeout: .milliseconds(500), label: "redis-restart"))
            try await pool.command("SET", "durable", "yes")
            try await server.stop()
            let error = try await #require(throws: RedisError.self) { try await pool.command("GET", "durable") }
            #expect(error.code == .connection)
            try await server.start()
            // The append-only file kept the key, and the pool reconnected by itself.
            #expect(try await pool.command("GET", "durable").string == "yes")
            for _ in 0..<10 { #expect(try await pool.command("PING") == .simpleString("PONG")) }
            await pool.shutdown()
        }
    }

    @Test func reconnectsAfterRedisRestartsOverItsUnixSocket() async throws {
        try await TestStack.withPrivateRedis(role: .queue) { server in
            let url = try #require(server.socketURL, "the server listens on \(server.socketPath ?? "no socket")")
            let pool = RedisPool(configuration: .init(url: url + "?db=2", poolSize: 2, connectTimeout: .milliseconds(500), label: "redis-socket"))
            try await pool.command("SET", "durable", "소켓")
            // The URL's database was selected: database 0 does not have the key.
            let other = RedisPool(configuration: .init(url: url, poolSize: 1))
            #expect(try await other.command("EXISTS", "durable") == .integer(0))
            await other.shutdown()
            try await server.stop()
            let error = try await #require(throws: RedisError.self) { try await pool.command("GET", "durable") }
            #expect(error.code == .connection)
            #expect(error.message.contains(server.socketPath ?? "?"))
            try await server.start()
            #expect(try await pool.command("GET", "durable").string == "소켓")
            await pool.shutdown()
        }
    }

    @Test func urlsParse() {
        #expect(RedisAddress(url: "redis://127.0.0.1:6380")
            == RedisAddress(endpoint: .tcp(host: "127.0.0.1", port: 6380), username: nil, password: nil, database: 0))
        #expect(RedisAddress(url: "redis://:s%40cret@cache:6379/2")?.password == "s@cret")
        #expect(RedisAddress(url: "redis://user:pw@cache/3")?.database == 3)
        #expect(RedisAddress(url: "redis://cache")?.endpoint == .tcp(host: "cache", port: 6379))
        #expect(RedisAddress(url: "http://cache") == nil)
        #expect(RedisAddress(url: "redis://cache/x") == nil)
        #expect(RedisAddress(url: "unix:///run/redis/redis.sock")
            == RedisAddress(endpoint: .unixSocket(path: "/run/redis/redis.sock"), username: nil, password: nil, database: 0))
        #expect(RedisAddress(url: "unix://:s%40cret@/run/redis%20cache.sock?db=3")
            == RedisAddress(endpoint: .unixSocket(path: "/run/redis cache.sock"), username: nil, password: "s@cret", database: 3))
        #expect(RedisAddress(url: "unix://cache/run/redis.sock") == nil)  // a host is not a path
        #expect(RedisAddress(url: "unix:///") == nil)
        #expect(RedisAddress(url: "unix:///run/redis.sock?db=-1") == nil)
        #expect(RedisAddress(url: "unix:///run/redis.sock?timeout=5") == nil)
        #expect(RedisAddress(url: "unix:///" + String(repeating: "x", count: 107)) == nil)  // longer than sun_path
    }

    @Test func badURLIsAConfigurationError() async throws {
        let pool = RedisPool(configuration: .init(url: "nonsense", poolSize: 1))
        let error = try await #require(throws: RedisError.self) { try await pool.command("PING") }
        #expect(error.code == .configuration)
        await pool.shutdown()
    }
}

/// hiredis's reader under our reply builder: replies as bytes arrive, nested arrays, and a
/// bound on array headers (found by fuzzing: `*1777777777` asked hiredis for 14 GB).
@Suite struct RESPReaderTests {
    func replies(_ text: String, splitAt split: Int) throws -> [RESPValue] {
        let reader = RESPReader()
        var values: [RESPValue] = []
        let bytes = Array(text.utf8)
        for piece in [bytes[..<split], bytes[split...]] {
            try piece.withUnsafeBytes { try reader.feed($0) }
            while let value = try reader.next() { values.append(value) }
        }
        return values
    }

    @Test func repliesAreDecodedWhereverTheBytesAreSplit() throws {
        let text = "+OK\r\n:42\r\n$3\r\nfoo\r\n$-1\r\n*3\r\n$1\r\na\r\n*1\r\n:-7\r\n*0\r\n-ERR wrong\r\n"
        let expected: [RESPValue] = [
            .simpleString("OK"), .integer(42), .bulkString(Array("foo".utf8)), .null,
            .array([.bulkString([97]), .array([.integer(-7)]), .array([])]), .error("ERR wrong"),
        ]
        for split in 0...text.utf8.count {
            #expect(try replies(text, splitAt: split) == expected, "split at \(split)")
        }
    }

    @Test func anArrayHeaderPastTheBoundIsAProtocolError() throws {
        let error = #expect(throws: RedisError.self) { _ = try replies("*1777777777\r\n*0\r\n", splitAt: 5) }
        #expect(error?.code == .protocol)
        #expect(try replies("*\(RESPReader.maxArrayElements)\r\n", splitAt: 3).isEmpty, "at the bound: waiting for its elements")
    }

    @Test func bytesThatAreNotRESPAreAProtocolError() {
        let error = #expect(throws: RedisError.self) { _ = try replies("HTTP/1.1 200 OK\r\n", splitAt: 4) }
        #expect(error?.code == .protocol)
    }
}
