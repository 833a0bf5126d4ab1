import ConnectCore
import DevStack
import Foundation
import Logging
import Testing
import TestSupport

/// A real `connect serve` process on a free loopback port, writing JSON log lines to a file of
/// its own: for what only a process shows (start-up checks, sockets, signals).
struct ServerProcess: Sendable {
    let port: Int
    let base: String
    let log: String
    let process: ChildProcess

    /// Runs `body` against `connect serve` started with `environment` over the process's own,
    /// once it answers liveness (unless `waitUntilLive` is false), then stops it with SIGTERM
    /// (SIGKILL 15 s later); its exit status. If `body` throws, the server is stopped the same way.
    @discardableResult
    static func with(
        environment: [String: String], arguments: [String] = [], waitUntilLive: Bool = true,
        _ body: (ServerProcess) async throws -> Void
    ) async throws -> Int32 {
        let port = TestStack.freePort()
        let log = TestStack.temporaryFolder("connect-serve") + "/serve.log"
        let defaults = [
            "DATABASE_URL": TestStack.devStack.databaseURL, "REDIS_CACHE_URL": SeededDatabase.cacheURL,
            "REDIS_QUEUE_URL": TestStack.devStack.queue.url, "LOG_FORMAT": "json", "LOG_LEVEL": "info",
            "DB_POOL_SIZE": "4", "REDIS_POOL_SIZE": "4",
        ]
        let (_, status) = try await ChildProcess.withRunning(
            [try BuiltProducts.path("connect"), "serve", "--port", String(port)] + arguments,
            environment: defaults.merging(environment) { $1 }, outputPath: log
        ) { process in
            let server = ServerProcess(port: port, base: "http://127.0.0.1:\(port)", log: log, process: process)
            if waitUntilLive {
                let live = await server.waitUntilLive()
                try #require(live, "connect serve did not start: \(server.logText())")
            }
            try await body(server)
        }
        return status
    }

    /// Runs `body` against a server with its own migrated, seeded database and private cache and
    /// queue servers, all stopped afterwards.
    static func withIsolatedServer(
        environment: [String: String] = [:], arguments: [String] = [],
        _ body: (ServerProcess, _ database: String, _ cache: RedisServer) async throws -> Void
    ) async throws {
        try await TestStack.withDatabase { pool, databaseURL in
            try await Seeder(database: pool, hasher: PasswordHasher(cost: 4), logger: Logger(label: "test")).seed(TestStack.seedData())
            try await TestStack.withPrivateRedis { cache in
                try await TestStack.withPrivateRedis(role: .queue) { queue in
                    _ = try await with(
                        environment: ["DATABASE_URL": databaseURL, "REDIS_CACHE_URL": cache.url, "REDIS_QUEUE_URL": queue.url]
                            .merging(environment) { $1 },
                        arguments: arguments
                    ) { server in
                        try await body(server, databaseURL, cache)
                    }
                }
            }
        }
    }

    /// Polls liveness over a socket of its own, closed after each answer (a pooled client would
    /// keep a connection the connection bound counts), for up to 20 s; whether it answered.
    func waitUntilLive() async -> Bool {
        for _ in 0..<200 {
            if let socket = try? await RawSocket.connect(port: port) {
                try? await socket.send("GET /api/health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                let response = await socket.readResponse(timeout: .seconds(2))
                _ = await socket.ending(within: .seconds(2))
                await socket.close()
                if response?.status == 200 { return true }
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// A bearer token of the seeded user `email` (password `Connect!2026`).
    func token(_ email: String) async throws -> String {
        let reply = try await ScaleOutTests.request(
            "POST", base + "/api/auth/login", json: ["email": email, "password": ScaleOutTests.password])
        try #require(reply.status == 200, "sign-in of \(email): \(reply.status)")
        return try reply.json(ScaleOutTests.Session.self).token
    }

    /// Everything the process wrote.
    func logText() -> String {
        (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    }

    /// Every JSON log line the process wrote.
    func logLines() -> [[String: Any]] {
        logText().split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}
