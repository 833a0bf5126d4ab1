import Foundation
import Logging
import RedisClient

/// Values kept as JSON in the Redis cache instance, one key each under a namespace, all with one
/// lifetime: explanations and chat answers.
///
/// Like ``ResponseCache``, an optimization only: when Redis fails, a read is a miss and a write
/// is skipped (both logged at debug), so an outage of the cache instance never fails a request.
public struct JSONCache<Value: Codable & Sendable>: Sendable {
    private let redis: RedisPool
    /// The `cache` label of `connect_cache_requests_total` and of the lookup span.
    public let name: String
    /// Key prefix, e.g. `chat:answer`.
    public let namespace: String
    public let ttlSeconds: Int
    private let logger: Logger

    public init(redis: RedisPool, name: String, namespace: String, ttlSeconds: Int, logger: Logger) {
        self.redis = redis
        self.name = name
        self.namespace = namespace
        self.ttlSeconds = ttlSeconds
        self.logger = logger
    }

    /// The Redis key of `key`.
    public func redisKey(_ key: String) -> String { "\(namespace):\(key)" }

    /// A request's read: counted as a hit or a miss, and a span inside a traced request.
    public func lookup(_ key: String) async -> Value? {
        let value = await CacheTracing.lookup(name) { await read(key) }
        PlatformMetrics.cache(name, hit: value != nil)
        return value
    }

    /// A second look that is not a request's own (inside a shared model call): not counted.
    public func read(_ key: String) async -> Value? {
        do {
            guard let bytes = try await redis.command("GET", redisKey(key)).bytes else { return nil }
            return try JSONDecoder().decode(Value.self, from: Data(bytes))
        } catch {
            logger.debug("cache read skipped", metadata: ["cache": "\(name)", "error": "\(error)"])
            return nil
        }
    }

    /// Stores `value` for ``ttlSeconds``.
    public func write(_ key: String, _ value: Value) async {
        do {
            let data = try JSONEncoder().encode(value)
            try await redis.command("SET", redisKey(key), Array(data), "EX", ttlSeconds)
        } catch {
            logger.debug("cache write skipped", metadata: ["cache": "\(name)", "error": "\(error)"])
        }
    }
}
