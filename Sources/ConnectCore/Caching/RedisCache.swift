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
///
/// With a ``NearCache`` (whose subscription reports changes under ``namespace``) a value read
/// once is served from this process until it changes: owner entries as read, JSON values
/// decoded.
public struct RedisCache: Sendable {
    private let redis: RedisPool
    private let near: NearCache?
    /// Key prefix, e.g. `cache:matches`, `chat:answer`.
    public let namespace: String
    /// The `cache` label of the metrics and spans.
    public let name: String
    public let ttlSeconds: Int
    private let logger: Logger
    private let reads: (hit: Counter, miss: Counter)

    /// - Parameters:
    ///   - name: the metrics label; the namespace when not given.
    ///   - near: copies in this process, kept fresh by a subscription to changes under
    ///     ``keyPrefix``; `nil`: every read goes to Redis.
    public init(redis: RedisPool, namespace: String, name: String? = nil, ttlSeconds: Int, near: NearCache? = nil, logger: Logger) {
        self.redis = redis
        self.near = near
        self.namespace = namespace
        self.name = name ?? namespace
        self.ttlSeconds = ttlSeconds
        self.logger = logger
        self.reads = PlatformMetrics.cacheReads(self.name)
    }

    /// What every key of this namespace starts with: the prefix a near cache's subscription reports.
    public var keyPrefix: String { Self.keyPrefix(namespace) }

    /// What every key of a cache of `namespace` starts with.
    public static func keyPrefix(_ namespace: String) -> String { namespace + ":" }

    private func key(_ owner: UUID) -> String { keyPrefix + owner.uuidString.lowercased() }

    private func key(_ name: String) -> String { keyPrefix + name }

    // MARK: Entries grouped per owner

    /// A read of one owner's entry: its bytes (`nil` on a miss or a cache failure), and the
    /// owner's generation when the read was made (`nil` when Redis did not answer), which a
    /// rebuilt entry is stored under.
    public struct OwnerEntry: Sendable {
        public var bytes: [UInt8]?
        public var generation: Int?
    }

    /// The owner's generation: counted up by every invalidation, kept in the owner's hash beside
    /// the entries (whose fields are prefixed, so no entry name can be it).
    private static let generationField = "g"
    private static func field(_ entry: String) -> String { "e:" + entry }

    /// Stores an entry only if the owner's generation is still the one it was read under: a page
    /// rebuilt from data read before an invalidation is not kept after it. The hash's expiry
    /// resets the generation to 0, so only a rebuild longer than the TTL could still land stale.
    private static let setIfCurrent = """
        if (redis.call('HGET', KEYS[1], '\(generationField)') or '0') == ARGV[1] then
          redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
          redis.call('EXPIRE', KEYS[1], ARGV[4])
          return 1
        end
        return 0
        """

    /// Drops the owner's entries and counts its generation up, in one step.
    private static let dropEntries = """
        local generation = redis.call('HINCRBY', KEYS[1], '\(generationField)', 1)
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], '\(generationField)', generation)
        redis.call('EXPIRE', KEYS[1], ARGV[1])
        return generation
        """

    /// The cached bytes of `entry` for `owner` and the owner's generation (for ``set(owner:entry:bytes:generation:)``).
    public func get(owner: UUID, entry: String) async -> OwnerEntry {
        let key = key(owner), field = Self.field(entry)
        var generation: Int?
        let bytes = await counted { () async -> [UInt8]? in
            if let copy = near?.value(key, field: field) as? OwnerEntry { generation = copy.generation; return copy.bytes }
            let ticket = near?.beginRead(key)
            var read: OwnerEntry?
            defer { if let ticket { near?.endRead(ticket, field: field, storing: read, cost: read?.bytes?.count ?? 0) } }
            do {
                let values = try await redis.command("HMGET", key, field, Self.generationField).array ?? []
                guard values.count == 2 else { return nil }
                generation = values[1].string.map { Int($0) ?? 0 } ?? 0
                if let bytes = values[0].bytes { read = OwnerEntry(bytes: bytes, generation: generation) }
                return values[0].bytes
            } catch {
                skipped("read", error)
                return nil
            }
        }
        return OwnerEntry(bytes: bytes, generation: generation)
    }

    /// Stores `bytes` as `entry` for `owner` if no invalidation came since the read that found
    /// `generation` (none known: not stored); the owner's entries expire together.
    public func set(owner: UUID, entry: String, bytes: [UInt8], generation: Int?) async {
        guard let generation else { return }
        do {
            try await redis.command("EVAL", Self.setIfCurrent, 1, key(owner), String(generation), Self.field(entry), bytes, ttlSeconds)
        } catch {
            skipped("write", error)
        }
    }

    /// Drops every entry of `owner`, and any rebuilt from data read before. Failures are logged:
    /// entries then live until their TTL.
    public func invalidate(owner: UUID) async {
        do {
            try await redis.command("EVAL", Self.dropEntries, 1, key(owner), ttlSeconds)
        } catch {
            logger.warning("cache invalidation failed", metadata: ["cache": "\(name)", "error": "\(error)"])
        }
        // This process's copies at once, whatever Redis answered (the report comes separately).
        near?.drop(key(owner))
    }

    // MARK: JSON values under their own keys

    /// A request's read of the value under `key`: counted as a hit or a miss.
    public func lookup<Value: Decodable & Sendable>(_ key: String, as type: Value.Type = Value.self) async -> Value? {
        await counted { await read(key, as: type) }
    }

    /// A second look that is not a request's own (inside a shared model call): not counted.
    public func read<Value: Decodable & Sendable>(_ key: String, as type: Value.Type = Value.self) async -> Value? {
        let key = self.key(key)
        if let copy = near?.value(key) as? Value { return copy }
        let ticket = near?.beginRead(key)
        var read: (value: Value, cost: Int)?
        defer { if let ticket { near?.endRead(ticket, storing: read?.value, cost: read?.cost ?? 0) } }
        do {
            guard let bytes = try await redis.command("GET", key).bytes else { return nil }
            let value = try JSONDecoder().decode(Value.self, from: Data(bytes))
            read = (value, bytes.count)
            return value
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
        near?.drop(self.key(key))
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
