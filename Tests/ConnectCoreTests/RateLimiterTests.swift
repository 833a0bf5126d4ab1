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
        let limiter = RateLimiter(redis: redis, name: "test:ratelimit:\(UUID())", limit: 3, window: .milliseconds(800))
        // Two "instances" sharing Redis count against one limit.
        let other = RateLimiter(redis: redis, name: limiter.name, limit: 3, window: .milliseconds(800))
        #expect(try await limiter.check("u1").remaining == 2)
        #expect(try await other.check("u1").remaining == 1)
        #expect(try await limiter.check("u1").allowed)
        let refused = try await other.check("u1")
        #expect(!refused.allowed && refused.remaining == 0 && refused.retryAfterSeconds == 1)
        #expect(try await limiter.check("u2").allowed)  // another subject has its own window
        try await Task.sleep(for: .milliseconds(900))
        #expect(try await limiter.check("u1").allowed)
        await redis.shutdown()
    }
}
