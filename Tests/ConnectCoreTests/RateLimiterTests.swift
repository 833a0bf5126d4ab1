import ConnectCore
import DevStack
import Foundation
import RedisClient
import Testing
import TestSupport

/// The Redis fixed window: counts across callers, refuses past the limit, resets after the window.
@Suite struct RateLimiterTests {
    @Test func refusesPastTheLimitAndResetsAfterTheWindow() async throws {
        try await TestStack.ensureRunning()
        let redis = RedisPool(configuration: .init(url: TestStack.devStack.cache.url, poolSize: 2))
        // A window long enough that four round trips fit in it on a loaded two-core machine.
        let limiter = RateLimiter(redis: redis, name: "test:ratelimit:\(UUID())", limit: 3, window: .seconds(3))
        // Two "instances" sharing Redis count against one limit.
        let other = RateLimiter(redis: redis, name: limiter.name, limit: 3, window: .seconds(3))
        #expect(try await limiter.check("u1").remaining == 2)
        #expect(try await other.check("u1").remaining == 1)
        #expect(try await limiter.check("u1").allowed)
        let refused = try await other.check("u1")
        #expect(!refused.allowed && refused.remaining == 0)
        #expect((1...3).contains(refused.retryAfterSeconds))
        #expect(try await limiter.check("u2").allowed)  // another subject has its own window
        try await Task.sleep(for: .milliseconds(3100))
        #expect(try await limiter.check("u1").allowed)
        await redis.shutdown()
    }
}

/// While the cache instance is unreachable every limiter counts in the process instead: the
/// limit holds per instance, it never turns into "allow everything".
@Suite struct RateLimiterOutageTests {
    @Test func limitsHoldPerInstanceWhileRedisIsDownAndGoBackToRedisAfter() async throws {
        try await TestStack.withPrivateRedis { server in
            let redis = RedisPool(configuration: .init(url: server.url, poolSize: 2))
            let clock = ManualClock()
            let limiter = RateLimiter(redis: redis, name: "test:outage", limit: 2, window: .seconds(60), now: { clock.now })
            #expect(await limiter.check("u1").scope == .shared)
            try await server.stop()

            let first = await limiter.check("u1")
            #expect(first.allowed && first.scope == .instance && first.remaining == 1)
            #expect(await limiter.check("u1").allowed)
            let refused = await limiter.check("u1")
            #expect(!refused.allowed && refused.scope == .instance)
            #expect(refused.retryAfterSeconds == 60)
            #expect(await limiter.check("u2").allowed, "another subject has its own window")
            clock.advance(by: .seconds(30))
            #expect(!(await limiter.check("u1").allowed))
            #expect(await limiter.check("u1").retryAfterSeconds == 30)
            clock.advance(by: .seconds(30))
            #expect(await limiter.check("u1").allowed, "the local window ends like the shared one")

            try await server.start()
            // Within the retry interval the outage is assumed to go on; after it one call probes Redis.
            #expect(await limiter.check("u3").scope == .instance)
            clock.advance(by: .seconds(1))
            #expect(await limiter.check("u3").scope == .shared)
            #expect(await limiter.check("u3").scope == .shared)
            await redis.shutdown()
        }
    }

    @Test func manyConcurrentCallersGetExactlyTheLimitFromTheLocalCount() async throws {
        try await TestStack.withPrivateRedis { server in
            let redis = RedisPool(configuration: .init(url: server.url, poolSize: 2))
            try await server.stop()
            let limiter = RateLimiter(redis: redis, name: "test:outage", limit: 50, window: .seconds(60))
            let allowed = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<200 { group.addTask { await limiter.check("shared").allowed } }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(allowed == 50)
            await redis.shutdown()
        }
    }
}
