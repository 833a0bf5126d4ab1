import ConnectAPI
import ConnectCore
import ConnectServer
import DevStack
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TestSupport

/// Liveness, readiness, the error shape and request ids, through the real router and real servers.
@Suite struct HealthRoutesTests {
    static let logger = Logger(label: "test")

    /// Builds the app the executable builds, with the dev stack's database and queue and the given
    /// cache. Over a socket (`.live`) the probes are answered by the event-loop handler, through
    /// the router (`.router`) by the routes: both must answer alike.
    func withApp(
        cacheURL: String? = nil, overSocket: Bool = false,
        _ test: @Sendable (any TestClientProtocol, PlatformDependencies) async throws -> Void
    ) async throws {
        try await TestStack.ensureRunning()
        var configuration = try ConnectConfiguration(environment: [:])
        configuration.databaseURL = TestStack.devStack.databaseURL
        configuration.redisCacheURL = cacheURL ?? TestStack.devStack.cache.url
        configuration.redisQueueURL = TestStack.devStack.queue.url
        let dependencies = PlatformDependencies(configuration: configuration, logger: Self.logger)
        let app = await buildApplication(configuration: configuration, dependencies: dependencies, logger: Self.logger)
        try await app.test(overSocket ? .live : .router) { client in try await test(client, dependencies) }
    }

    struct Health: Decodable {
        struct Check: Decodable {
            var status: String
            var latency: Double
            var error: String?
        }
        var status: String
        var timestamp: String
        var service: String
        var version: String
        var instance: String
        var uptime: Double
        var checks: [String: Check]
    }

    @Test func livenessAnswersWithoutDependencies() async throws {
        // Every dependency URL points at a closed port: liveness must not care.
        var configuration = try ConnectConfiguration(environment: [:])
        configuration.databaseURL = "postgresql://nobody@127.0.0.1:\(TestStack.freePort())/none"
        configuration.redisCacheURL = "redis://127.0.0.1:\(TestStack.freePort())"
        configuration.redisQueueURL = "redis://127.0.0.1:\(TestStack.freePort())"
        let dependencies = PlatformDependencies(configuration: configuration, logger: Self.logger)
        let app = await buildApplication(configuration: configuration, dependencies: dependencies, logger: Self.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/health/live", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
                let requestID = try #require(response.headers[.requestID])
                #expect(requestID.count == 32)
            }
            try await client.execute(uri: "/api/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }

    @Test(arguments: [false, true])
    func readinessIsOkWhenEverythingAnswers(overSocket: Bool) async throws {
        try await withApp(overSocket: overSocket) { client, _ in
            try await client.execute(uri: "/api/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[.requestID]?.count == 32)
                let health = try decodeJSON(Health.self, response.body)
                #expect(health.status == "ok")
                #expect(health.service == "Connect Platform")
                #expect(health.version == ConnectVersion.current)
                #expect(health.uptime >= 0)
                #expect(Set(health.checks.keys) == ["database", "redis_cache", "redis_queue"])
                for (name, check) in health.checks {
                    #expect(check.status == "healthy", "\(name): \(check.error ?? "") after \(check.latency) ms")
                    #expect(check.latency >= 0)
                    #expect(check.error == nil, "\(name)")
                }
            }
        }
    }

    @Test(arguments: [false, true])
    func readinessDegradesWhileACacheIsDownAndRecovers(overSocket: Bool) async throws {
        try await TestStack.withPrivateRedis { cache in
            try await withApp(cacheURL: cache.url, overSocket: overSocket) { client, _ in
                try await client.execute(uri: "/api/health", method: .get) { response in
                    #expect(response.status == .ok)
                }
                try await cache.stop()
                try await client.execute(uri: "/api/health", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    let health = try decodeJSON(Health.self, response.body)
                    #expect(health.status == "degraded")
                    #expect(health.checks["redis_cache"]?.status == "unhealthy")
                    #expect(health.checks["redis_cache"]?.error == "connection failed")
                    #expect(health.checks["database"]?.status == "healthy")
                    #expect(health.checks["redis_queue"]?.status == "healthy")
                }
                try await cache.start()
                try await client.execute(uri: "/api/health", method: .get) { response in
                    #expect(response.status == .ok)
                    let health = try decodeJSON(Health.self, response.body)
                    #expect(health.status == "ok")
                }
            }
        }
    }

    @Test func concurrentProbesShareOneCheck() async throws {
        try await withApp { _, dependencies in
            let before = dependencies.health.checksPerformed
            let reports = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<100 { group.addTask { await dependencies.health.check().isHealthy } }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(reports.count == 100 && reports.allSatisfy { $0 })
            let performed = dependencies.health.checksPerformed - before
            #expect(performed >= 1 && performed < 50)
        }
    }

    @Test func readinessProbesOverSocketsShareOneCheckAndOneAnswer() async throws {
        try await TestStack.withPrivateRedis { cache in
            try await withApp(cacheURL: cache.url, overSocket: true) { client, dependencies in
                let port = try #require(client.port)
                // A frozen cache holds the check for its 2 s timeout: every probe sent meanwhile joins it.
                let redisPID = try #require(Int32((try String(contentsOfFile: cache.directory + "/redis.pid", encoding: .utf8))
                    .trimmingCharacters(in: .whitespacesAndNewlines)))
                kill(redisPID, SIGSTOP)
                defer { kill(redisPID, SIGCONT) }
                let before = dependencies.health.checksPerformed
                // Connected first, then the twenty requests sent in one burst.
                var sockets: [RawSocket] = []
                for _ in 0..<20 { sockets.append(try await RawSocket.connect(port: port)) }
                for socket in sockets { try await socket.send("GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n") }
                var bodies: [String] = []
                for socket in sockets {
                    let response = await socket.readResponse(timeout: .seconds(20))
                    #expect(response?.status == 503)
                    bodies.append(response?.body ?? "")
                    await socket.close()
                }
                // Twenty probes, a check or two (a loaded machine can spread the burst past the
                // first check's 2 s), and every probe of a check given that check's bytes.
                let checks = dependencies.health.checksPerformed - before
                #expect((1...3).contains(checks), "\(checks) checks for 20 probes")
                #expect(Set(bodies).count == checks, "one encoded answer per check")
                #expect(bodies.allSatisfy { $0.contains("timed out") }, "\(bodies.first ?? "")")
            }
        }
    }

    @Test func unknownRouteIsAJSONNotFound() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/api/no-such-thing", method: .get, headers: [.requestID: "trace-123"]) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(response.headers[.requestID] == "trace-123")
                let body = try decodeJSON(ErrorBody.self, response.body)
                #expect(body.error.code == "not_found")
                #expect(!body.error.message.isEmpty)
            }
        }
    }

    @Test func unusableRequestIDIsReplaced() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/api/health/live", method: .get, headers: [.requestID: String(repeating: "x", count: 300)]) { response in
                #expect(response.headers[.requestID]?.count == 32)
            }
        }
    }
}

/// Decodes a JSON response body.
func decodeJSON<Value: Decodable>(_ type: Value.Type, _ body: ByteBuffer) throws -> Value {
    try JSONDecoder().decode(type, from: Data(String(buffer: body).utf8))
}
