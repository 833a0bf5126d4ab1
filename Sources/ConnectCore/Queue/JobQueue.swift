import Foundation
import Tracing
import RedisClient

/// The job queue on the Redis queue instance: a stream read by one consumer group.
///
/// `XADD` enqueues a job id, `XREADGROUP` hands entries to one worker each, `XACK` settles them
/// once the result is in PostgreSQL, `XAUTOCLAIM` takes over entries a dead worker left pending,
/// and entries delivered too often move to a dead-letter stream. A live worker holds its entries
/// by renewing them (``renew(_:consumer:)``), so only a silent worker's entries go idle long
/// enough to be taken over.
public struct JobQueue: Sendable {
    /// One delivered entry.
    public struct Delivery: Sendable, Equatable {
        public var entryID: String
        public var jobID: UUID
        /// The trace of the request that enqueued the job (`traceparent`, `tracestate`), if any.
        public var traceContext: [String: String] = [:]
    }

    private let redis: RedisPool
    public let stream: String
    public let group: String
    public let deadLetterStream: String

    public init(redis: RedisPool, stream: String = "jobs:stream", group: String = "workers", deadLetterStream: String = "jobs:dead") {
        self.redis = redis
        self.stream = stream
        self.group = group
        self.deadLetterStream = deadLetterStream
    }

    /// Creates the stream and the consumer group unless they exist.
    public func prepare() async throws {
        do {
            try await redis.command("XGROUP", "CREATE", stream, group, "0", "MKSTREAM")
        } catch let error as RedisError where error.prefix == "BUSYGROUP" {
            // Already there.
        }
    }

    /// Appends a job; returns the entry id. With tracing on, the enqueue is a producer span and
    /// the entry carries its `traceparent`, so the job's span joins the request's trace.
    @discardableResult
    public func enqueue(_ jobID: UUID) async throws -> String {
        try await withSpan("queue enqueue", ofKind: .producer) { span in
            span.attributes["messaging.destination.name"] = stream
            span.attributes["connect.job_id"] = jobID.uuidString.lowercased()
            var carrier: [String: String] = [:]
            InstrumentationSystem.instrument.inject(span.context, into: &carrier, using: DictionaryInjector())
            var arguments: [any RedisArgument] = ["XADD", stream, "*", "job", jobID.uuidString.lowercased()]
            for (key, value) in carrier.sorted(by: { $0.key < $1.key }) where Self.traceFields.contains(key) {
                arguments += [key, value]
            }
            return try await redis.command(arguments).string ?? ""
        }
    }

    /// The W3C trace-context fields an entry may carry.
    static let traceFields: Set<String> = ["traceparent", "tracestate"]

    /// New entries for `consumer`, waiting up to `block` for one to arrive.
    public func take(consumer: String, count: Int, block: Duration) async throws -> [Delivery] {
        let milliseconds = block.wholeMilliseconds
        let reply = try await redis.withConnection { connection in
            try await connection.command(
                ["XREADGROUP", "GROUP", group, consumer, "COUNT", count, "BLOCK", milliseconds, "STREAMS", stream, ">"],
                timeout: block + .seconds(5))
        }
        // [[stream, [[id, [field, value…]]…]]] or null on timeout.
        guard let streams = reply.array, let first = streams.first?.array, first.count == 2, let entries = first[1].array else { return [] }
        return entries.compactMap(Self.delivery)
    }

    /// Takes over entries pending for longer than `minIdle` (their worker died or gave up).
    public func claimStale(consumer: String, minIdle: Duration, count: Int) async throws -> [Delivery] {
        let milliseconds = minIdle.wholeMilliseconds
        let reply = try await redis.command("XAUTOCLAIM", stream, group, consumer, milliseconds, "0-0", "COUNT", count)
        // [next-cursor, [[id, [field, value…]]…], deleted-ids]
        guard let parts = reply.array, parts.count >= 2, let entries = parts[1].array else { return [] }
        return entries.compactMap(Self.delivery)
    }

    /// Keeps an entry `consumer` holds from going idle (its heartbeat): `XCLAIM … JUSTID` resets
    /// the entry's idle time without counting a delivery. Checked and renewed in one script, so a
    /// take-over cannot slip in between. Whether `consumer` still held the entry: `false` means
    /// another worker took it over and this one must stop.
    public func renew(_ entryID: String, consumer: String) async throws -> Bool {
        try await redis.command("EVAL", Self.renewScript, 1, stream, group, consumer, entryID).int == 1
    }

    private static let renewScript = """
        local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
        if #pending == 0 or pending[1][2] ~= ARGV[2] then return 0 end
        redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
        return 1
        """

    /// How many times the entry has been delivered.
    public func deliveries(of entryID: String) async throws -> Int {
        let reply = try await redis.command("XPENDING", stream, group, entryID, entryID, 1)
        return reply.array?.first?.array?.last?.int ?? 0
    }

    /// Settles an entry.
    public func acknowledge(_ entryID: String) async throws {
        try await redis.command("XACK", stream, group, entryID)
    }

    /// Moves an entry to the dead-letter stream and settles it.
    public func deadLetter(_ delivery: Delivery, reason: String) async throws {
        _ = try await redis.pipeline([
            ["XADD", deadLetterStream, "*", "job", delivery.jobID.uuidString.lowercased(), "entry", delivery.entryID, "reason", reason],
            ["XACK", stream, group, delivery.entryID],
        ])
    }

    /// Entries waiting to be read by the group plus those delivered and not yet acknowledged.
    public func depth() async throws -> (pending: Int, length: Int) {
        let replies = try await redis.pipeline([["XLEN", stream], ["XPENDING", stream, group]])
        return (replies[1].array?.first?.int ?? 0, replies[0].int ?? 0)
    }

    private static func delivery(_ entry: RESPValue) -> Delivery? {
        guard let parts = entry.array, parts.count == 2, let entryID = parts[0].string, let fields = parts[1].array else { return nil }
        var index = 0
        var jobID: UUID?
        var traceContext: [String: String] = [:]
        while index + 1 < fields.count {
            if let name = fields[index].string, let text = fields[index + 1].string {
                if name == "job" { jobID = UUID(uuidString: text) }
                if traceFields.contains(name) { traceContext[name] = text }
            }
            index += 2
        }
        return jobID.map { Delivery(entryID: entryID, jobID: $0, traceContext: traceContext) }
    }
}
