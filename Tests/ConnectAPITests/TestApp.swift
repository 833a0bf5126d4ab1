import ConnectAPI
import ConnectCore
import ConnectServer
import DevStack
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport

/// Builds the application exactly as `connect serve` does, over the dev stack's Redis servers
/// and the given (or the shared seeded) database, and drives it through the router.
enum TestApp {
    static let logger = Logger(label: "test")

    static func run(
        databaseURL: String? = nil,
        cacheURL: String? = nil,
        queueURL: String? = nil,
        configure: @Sendable (inout ConnectConfiguration) -> Void = { _ in },
        breakerClock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        framework: TestingSetup = .router,
        _ test: @Sendable (any TestClientProtocol, PlatformDependencies) async throws -> Void
    ) async throws {
        try await TestStack.ensureRunning()
        var configuration = try ConnectConfiguration(environment: [:])
        if let databaseURL {
            configuration.databaseURL = databaseURL
        } else {
            configuration.databaseURL = try await SeededDatabase.url()
        }
        // Database 1 of the dev cache: never mixed with a dev server's entries in database 0.
        configuration.redisCacheURL = cacheURL ?? SeededDatabase.cacheURL
        configuration.redisQueueURL = queueURL ?? TestStack.devStack.queue.url
        // Tests share one client address ("unknown"): only the rate-limit test limits sign-ins.
        configuration.loginRateLimitPerMinute = 100_000
        configuration.registrationRateLimitPerHour = 100_000
        configure(&configuration)
        configuration.port = 0  // a live test binds a free port
        let dependencies = PlatformDependencies(configuration: configuration, logger: logger, breakerClock: breakerClock)
        let app = await buildApplication(configuration: configuration, dependencies: dependencies, logger: logger)
        try await app.test(framework) { client in try await test(client, dependencies) }
    }
}

/// The error body every failing route answers with.
struct ErrorBody: Decodable {
    struct Detail: Decodable {
        var code: String
        var message: String
    }
    var error: Detail
}

extension TestApp {
    /// Runs `test` against its own freshly migrated and seeded database and its own cache and
    /// queue servers, for tests that write.
    static func runIsolated(
        configure: @Sendable (inout ConnectConfiguration) -> Void = { _ in },
        breakerClock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        framework: TestingSetup = .router,
        _ test: @Sendable (any TestClientProtocol, PlatformDependencies, RedisServer) async throws -> Void
    ) async throws {
        try await TestStack.withDatabase { pool, url in
            try await Seeder(database: pool, hasher: PasswordHasher(cost: 4), logger: logger).seed(TestStack.seedData())
            try await TestStack.withPrivateRedis { cache in
                try await TestStack.withPrivateRedis(role: .queue) { queue in
                    try await run(databaseURL: url, cacheURL: cache.url, queueURL: queue.url, configure: configure, breakerClock: breakerClock, framework: framework) { client, dependencies in
                        try await test(client, dependencies, cache)
                    }
                }
            }
        }
    }
}

extension TestClientProtocol {
    /// Signs in and returns the bearer token.
    func login(_ email: String, password: String = "Connect!2026") async throws -> String {
        return try await execute(
            uri: "/api/auth/login", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"email":"\#(email)","password":"\#(password)"}"#)
        ) { response in
            guard response.status == .ok else { throw TestAppError.loginFailed(response.status.code) }
            return try decodeJSON(TokenOnly.self, response.body).token
        }
    }
}

enum TestAppError: Error { case loginFailed(Int) }

/// The token of a session response.
struct TokenOnly: Decodable { var token: String }
