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
