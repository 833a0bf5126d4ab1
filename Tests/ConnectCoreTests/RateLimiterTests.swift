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
        // A window long enough that four round trips fit in it on a loaded two-core machine (the
        // start of the test run can take a second per round trip); it is cut short below.
        let limiter = RateLimiter(redis: redis, name: "test:ratelimit:\(UUID())", limit: 3, window: .seconds(30))
        // Two "instances" sharing Redis count against one limit.
        let other = RateLimiter(redis: redis, name: limiter.name, limit: 3, window: .seconds(30))
        #expect(await limiter.check("u1").remaining == 2)
        #expect(await other.check("u1").remaining == 1)
        #expect(await limiter.check("u1").allowed)
        let refused = await other.check("u1")
        #expect(!refused.allowed && refused.remaining == 0)
        #expect((1...30).contains(refused.retryAfterSeconds))
        #expect(await limiter.check("u2").allowed)  // another subject has its own window
        // The window ends when Redis expires its counter (brought forward to 200 ms).
        try await redis.command("PEXPIRE", "\(limiter.name):u1", 200)
        let deadline = ContinuousClock.now + .seconds(30)
        while try await redis.command("PTTL", "\(limiter.name):u1").int != -2 {
            try #require(ContinuousClock.now < deadline, "the window never ended")
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(await limiter.check("u1").allowed)
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

/// The shared window's script on real Redis: a counter left without an expiry (a crash between
/// its INCR and PEXPIRE in an older script, an operator's SET) gets one, and concurrent callers
/// from many tasks get exactly the limit.
@Suite struct RateLimiterScriptTests {
    @Test func aCounterWithoutAnExpiryIsGivenOne() async throws {
        try await TestStack.withPrivateRedis { server in
            let redis = RedisPool(configuration: .init(url: server.url, poolSize: 2))
            let limiter = RateLimiter(redis: redis, name: "test:repair", limit: 10, window: .seconds(60))
            try await redis.command("SET", "test:repair:u", 5)
            #expect(try await redis.command("PTTL", "test:repair:u").int == -1)
            let decision = await limiter.check("u")
            #expect(decision.allowed && decision.remaining == 4 && decision.scope == .shared)
            let ttl = try #require(try await redis.command("PTTL", "test:repair:u").int)
            #expect((1...60_000).contains(ttl), "repaired to the window: \(ttl) ms")
            #expect(decision.retryAfterSeconds == 60)
            await redis.shutdown()
        }
    }

    @Test func concurrentCallersGetExactlyTheLimit() async throws {
        try await TestStack.withPrivateRedis { server in
            // Waits long enough that the pool never gives up under the suites' load: this is about
            // the script, not the pool.
            let redis = RedisPool(configuration: .init(url: server.url, poolSize: 8, acquireTimeout: .seconds(120)))
            let limiter = RateLimiter(redis: redis, name: "test:burst", limit: 50, window: .seconds(60))
            let decisions = await withTaskGroup(of: RateLimiter.Decision.self) { group in
                for _ in 0..<200 { group.addTask { await limiter.check("shared") } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(decisions.filter(\.allowed).count == 50)
            #expect(decisions.allSatisfy { $0.scope == .shared })
            #expect(Set(decisions.map(\.remaining)) == Set(0...49))
            await redis.shutdown()
        }
    }
}
