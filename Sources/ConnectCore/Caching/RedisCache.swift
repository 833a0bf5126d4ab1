import Foundation
import Logging
import Metrics
import RedisClient

/// One namespace of the Redis cache instance, every entry expiring after ``ttlSeconds``. Two
/// shapes: encoded responses grouped per owner (one hash per organization, so one `DEL` drops
/// all of an owner's entries when its data changes: match lists, program searches), and JSON
/// values under keys of their own (explanations, chat answers).
///
/// The cache is an optimization only: when Redis fails, a read is a miss (the caller goes to
/// PostgreSQL or the model) and a write is skipped, both logged at debug, so an outage of the
/// cache instance never fails a request. A request's reads are counted in
/// `connect_cache_requests_total{cache}` and are spans inside a traced request.
public struct RedisCache: Sendable {
    private let redis: RedisPool
    /// Key prefix, e.g. `cache:matches`, `chat:answer`.
    public let namespace: String
    /// The `cache` label of the metrics and spans.
    public let name: String
    public let ttlSeconds: Int
    private let logger: Logger
    private let reads: (hit: Counter, miss: Counter)

    /// - Parameter name: the metrics label; the namespace when not given.
    public init(redis: RedisPool, namespace: String, name: String? = nil, ttlSeconds: Int, logger: Logger) {
        self.redis = redis
        self.namespace = namespace
        self.name = name ?? namespace
        self.ttlSeconds = ttlSeconds
        self.logger = logger
        self.reads = PlatformMetrics.cacheReads(self.name)
    }

    private func key(_ owner: UUID) -> String { "\(namespace):\(owner.uuidString.lowercased())" }

    private func key(_ name: String) -> String { "\(namespace):\(name)" }

    // MARK: Entries grouped per owner

    /// The cached bytes of `entry` for `owner`, or `nil` on a miss or a cache failure.
    public func get(owner: UUID, entry: String) async -> [UInt8]? {
        await counted {
            do {
                return try await redis.command("HGET", key(owner), entry).bytes
            } catch {
                skipped("read", error)
                return nil
            }
        }
    }

    /// Stores `bytes` as `entry` for `owner`; the owner's entries expire together.
    public func set(owner: UUID, entry: String, bytes: [UInt8]) async {
        do {
            _ = try await redis.pipeline([["HSET", key(owner), entry, bytes], ["EXPIRE", key(owner), ttlSeconds]])
        } catch {
            skipped("write", error)
        }
    }

    /// Drops every entry of `owner`. Failures are logged: entries then live until their TTL.
    public func invalidate(owner: UUID) async {
        do {
            try await redis.command("DEL", key(owner))
        } catch {
            logger.warning("cache invalidation failed", metadata: ["cache": "\(name)", "error": "\(error)"])
        }
    }

    // MARK: JSON values under their own keys

    /// A request's read of the value under `key`: counted as a hit or a miss.
    public func lookup<Value: Decodable & Sendable>(_ key: String, as type: Value.Type = Value.self) async -> Value? {
        await counted { await read(key, as: type) }
    }

    /// A second look that is not a request's own (inside a shared model call): not counted.
    public func read<Value: Decodable & Sendable>(_ key: String, as type: Value.Type = Value.self) async -> Value? {
        do {
            guard let bytes = try await redis.command("GET", self.key(key)).bytes else { return nil }
            return try JSONDecoder().decode(Value.self, from: Data(bytes))
        } catch {
            skipped("read", error)
            return nil
        }
    }

    /// Stores `value` as JSON under `key`.
    public func write(_ key: String, _ value: some Encodable) async {
        do {
            try await redis.command("SET", self.key(key), Array(try JSONEncoder().encode(value)), "EX", ttlSeconds)
        } catch {
            skipped("write", error)
        }
    }

    // MARK: -

    /// A request's read, counted and traced.
    private func counted<Value: Sendable>(_ read: () async -> Value?) async -> Value? {
        let value = await CacheTracing.lookup(name, read)
        (value != nil ? reads.hit : reads.miss).increment()
        return value
    }

    private func skipped(_ operation: String, _ error: any Error) {
        logger.debug("cache \(operation) skipped", metadata: ["cache": "\(name)", "error": "\(error)"])
    }
}
