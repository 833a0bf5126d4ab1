import Foundation
import Logging
import RedisClient
import Synchronization

/// A fixed-window rate limiter kept in Redis, so every instance counts against the same limit.
///
/// One Lua script increments the window's counter and sets its expiry atomically; the answer
/// says whether the call is allowed, what is left, and when the window resets. While the cache
/// instance cannot answer, the same limit is counted in this process's memory instead
/// (``LocalRateLimiter``): a limit degrades to per-instance, it never disappears. Redis is tried
/// again at most once per `retryInterval` meanwhile, so an outage costs no wait per call.
public struct RateLimiter: Sendable {
    /// The verdict for one call.
    public struct Decision: Sendable, Equatable {
        /// Where the count was kept.
        public enum Scope: String, Sendable {
            /// In the cache instance, shared by every instance.
            case shared
            /// In this process only (the cache instance was unreachable).
            case instance
        }

        public var allowed: Bool
        public var limit: Int
        public var remaining: Int
        /// Seconds until the window resets (at least 1 when refused).
        public var retryAfterSeconds: Int
        public var scope: Scope

        public init(allowed: Bool, limit: Int, remaining: Int, retryAfterSeconds: Int, scope: Scope = .shared) {
            self.allowed = allowed
            self.limit = limit
            self.remaining = remaining
            self.retryAfterSeconds = retryAfterSeconds
            self.scope = scope
        }
    }

    private let redis: RedisPool
    /// Key namespace, e.g. `ratelimit:login`.
    public let name: String
    public let limit: Int
    public let window: Duration
    private let local: LocalRateLimiter
    private let outage: RedisOutage
    private let logger: Logger

    /// - Parameters:
    ///   - now: the clock of the in-memory fallback and of the retry interval; tests step their own.
    ///   - retryInterval: while the cache instance is unreachable, how often it is tried again.
    public init(
        redis: RedisPool, name: String, limit: Int, window: Duration, retryInterval: Duration = .seconds(1),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        logger: Logger = Logger(label: "connect.ratelimit")
    ) {
        self.redis = redis
        self.name = name
        self.limit = limit
        self.window = window
        self.local = LocalRateLimiter(limit: limit, window: window, now: now)
        self.outage = RedisOutage(retryInterval: retryInterval, now: now)
        self.logger = logger
    }

    private static let script = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
        return {count, ttl}
        """

    /// Counts one call by `subject` (a user id, a client address) and decides: against the shared
    /// count in Redis, or, while Redis is unreachable, against this instance's own count.
    public func check(_ subject: String) async -> Decision {
        guard outage.shouldTryRedis() else { return local.check(subject) }
        do {
            let decision = try await sharedCheck(subject)
            if outage.ended() {
                logger.notice("rate limiter back on the cache instance", metadata: ["limiter": "\(name)"])
            }
            return decision
        } catch {
            if outage.began() {
                logger.warning("rate limiter counting per instance: the cache instance is unavailable", metadata: [
                    "limiter": "\(name)", "error": "\(error)",
                ])
            }
            return local.check(subject)
        }
    }

    private func sharedCheck(_ subject: String) async throws -> Decision {
        let reply = try await redis.command("EVAL", Self.script, 1, "\(name):\(subject)", window.wholeMilliseconds)
        guard let values = reply.array, values.count == 2, let count = values[0].int, let ttl = values[1].int else {
            throw RedisError(code: .server, message: "unexpected rate limit reply")
        }
        let retryAfter = max(1, (ttl + 999) / 1000)
        return Decision(allowed: count <= limit, limit: limit, remaining: max(0, limit - count), retryAfterSeconds: retryAfter)
    }
}

/// Whether the cache instance is known to be unreachable, and when to try it again.
final class RedisOutage: Sendable {
    private let retryInterval: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    /// When the current outage was last confirmed; `nil` while Redis answers.
    private let lastFailure = Mutex<ContinuousClock.Instant?>(nil)

    init(retryInterval: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.retryInterval = retryInterval
        self.now = now
    }

    /// True while Redis answers; during an outage, true for one caller per `retryInterval` (the
    /// probe), so the others count locally instead of each waiting for a dead server.
    func shouldTryRedis() -> Bool {
        lastFailure.withLock { last in
            guard let failedAt = last else { return true }
            let now = now()
            guard now - failedAt >= retryInterval else { return false }
            last = now
            return true
        }
    }

    /// Records a failure; whether it starts an outage (for one log line per outage).
    func began() -> Bool {
        let now = now()
        return lastFailure.withLock { last in
            defer { last = now }
            return last == nil
        }
    }

    /// Records an answer; whether it ends an outage.
    func ended() -> Bool {
        lastFailure.withLock { last in
            defer { last = nil }
            return last != nil
        }
    }
}
