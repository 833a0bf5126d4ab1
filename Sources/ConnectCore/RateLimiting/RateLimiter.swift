import Foundation
import RedisClient

/// A fixed-window rate limiter kept in Redis, so every instance counts against the same limit.
///
/// One Lua script increments the window's counter and sets its expiry atomically; the answer
/// says whether the call is allowed, what is left, and when the window resets.
public struct RateLimiter: Sendable {
    /// The verdict for one call.
    public struct Decision: Sendable, Equatable {
        public var allowed: Bool
        public var limit: Int
        public var remaining: Int
        /// Seconds until the window resets (at least 1 when refused).
        public var retryAfterSeconds: Int
    }

    private let redis: RedisPool
    /// Key namespace, e.g. `ratelimit:login`.
    public let name: String
    public let limit: Int
    public let window: Duration

    public init(redis: RedisPool, name: String, limit: Int, window: Duration) {
        self.redis = redis
        self.name = name
        self.limit = limit
        self.window = window
    }

    private static let script = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
        return {count, ttl}
        """

    /// Counts one call by `subject` (a user id, a client address) and decides.
    public func check(_ subject: String) async throws -> Decision {
        let windowMilliseconds = window.wholeMilliseconds
        let reply = try await redis.command("EVAL", Self.script, 1, "\(name):\(subject)", windowMilliseconds)
        guard let values = reply.array, values.count == 2, let count = values[0].int, let ttl = values[1].int else {
            throw RedisError(code: .server, message: "unexpected rate limit reply")
        }
        let retryAfter = max(1, (ttl + 999) / 1000)
        return Decision(allowed: count <= limit, limit: limit, remaining: max(0, limit - count), retryAfterSeconds: retryAfter)
    }
}
