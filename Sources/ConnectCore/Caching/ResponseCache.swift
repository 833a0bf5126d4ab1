import Foundation
import Logging
import RedisClient

/// Encoded responses kept in the Redis cache instance, grouped per owner (an organization) so
/// one `DEL` drops all of an owner's entries when its data changes.
///
/// The cache is an optimization only: when Redis fails, reads go to PostgreSQL and writes are
/// skipped, so an outage of the cache instance never fails a request.
public struct ResponseCache: Sendable {
    private let redis: RedisPool
    /// Key prefix, e.g. `cache:matches`.
    public let namespace: String
    public let ttlSeconds: Int
    private let logger: Logger

    public init(redis: RedisPool, namespace: String, ttlSeconds: Int, logger: Logger) {
        self.redis = redis
        self.namespace = namespace
        self.ttlSeconds = ttlSeconds
        self.logger = logger
    }

    private func key(_ owner: UUID) -> String { "\(namespace):\(owner.uuidString.lowercased())" }

    /// The cached bytes of `entry` for `owner`, or `nil` on a miss or a cache failure.
    public func get(owner: UUID, entry: String) async -> [UInt8]? {
        await CacheTracing.lookup(namespace) {
            do {
                let bytes = try await redis.command("HGET", key(owner), entry).bytes
                PlatformMetrics.cache(namespace, hit: bytes != nil)
                return bytes
            } catch {
                PlatformMetrics.cache(namespace, hit: false)
                logger.debug("cache read skipped", metadata: ["cache": "\(namespace)", "error": "\(error)"])
                return nil
            }
        }
    }

    /// Stores `bytes` as `entry` for `owner`; the owner's entries expire together.
    public func set(owner: UUID, entry: String, bytes: [UInt8]) async {
        do {
            _ = try await redis.pipeline([["HSET", key(owner), entry, bytes], ["EXPIRE", key(owner), ttlSeconds]])
        } catch {
            logger.debug("cache write skipped", metadata: ["cache": "\(namespace)", "error": "\(error)"])
        }
    }

    /// Drops every entry of `owner`. Failures are logged: entries then live until their TTL.
    public func invalidate(owner: UUID) async {
        do {
            try await redis.command("DEL", key(owner))
        } catch {
            logger.warning("cache invalidation failed", metadata: ["cache": "\(namespace)", "error": "\(error)"])
        }
    }
}
