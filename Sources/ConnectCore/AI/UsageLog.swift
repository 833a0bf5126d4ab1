import Foundation
import Logging
import PostgresClient
import ServiceLifecycle
import Synchronization

/// Writes one `ai_usage` row per AI answer (model calls, shared calls and cache hits alike) so
/// the admin statistics can compute cost, cache hit rate and latency percentiles.
///
/// Rows are written behind the request: ``record(_:)`` queues the row and returns at once, and
/// the log, run as a `Service`, inserts what is queued every `interval` in one statement
/// (`unnest` of arrays, so one prepared statement whatever the batch size) without waiting for
/// the WAL flush. A cached explanation thus costs no write of its own. Rows whose write fails on
/// a lost connection stay queued for the next round; memory is bounded by `capacity` (the oldest
/// rows beyond it are dropped and counted). Graceful shutdown writes what is left.
public final class UsageLog: Service, Sendable {
    /// What kind of answer.
    public enum Kind: String, Sendable {
        case matchExplanation = "MATCH_EXPLANATION"
        case qaChat = "QA_CHAT"

        /// The `kind` label of the AI metrics.
        var metricLabel: String { self == .matchExplanation ? "explanation" : "chat" }
    }

    /// How the answer ended.
    public enum Outcome: String, Sendable {
        case success, error, timeout, fallback
        case rateLimited = "rate_limited"
    }

    /// One answer's figures.
    public struct Entry: Sendable {
        public var kind: Kind
        public var provider: String
        public var model: String
        public var inputTokens: Int
        public var outputTokens: Int
        public var costKRW: Double
        public var cacheHit: Bool
        public var latencyMilliseconds: Int
        public var outcome: Outcome
        public var userID: UUID?
        /// When the answer was given (the row's `created_at`).
        public var createdAt: Date

        public init(
            kind: Kind, provider: String, model: String, inputTokens: Int, outputTokens: Int, costKRW: Double, cacheHit: Bool,
            latencyMilliseconds: Int, outcome: Outcome, userID: UUID?, createdAt: Date = Date()
        ) {
            self.kind = kind
            self.provider = provider
            self.model = model
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
            self.costKRW = costKRW
            self.cacheHit = cacheHit
            self.latencyMilliseconds = latencyMilliseconds
            self.outcome = outcome
            self.userID = userID
            self.createdAt = createdAt
        }
    }

    private struct State {
        var pending: [Entry] = []
        /// Whether a write round holds the writer; rounds run one at a time, in call order.
        var writing = false
        var queuedWriters: [CheckedContinuation<Void, Never>] = []
    }

    private let database: PostgresPool
    private let interval: Duration
    private let capacity: Int
    private let batchSize: Int
    private let logger: Logger
    private let state = Mutex(State())

    /// - Parameters:
    ///   - interval: how long rows may wait before they are written.
    ///   - capacity: the most rows kept while PostgreSQL is unreachable.
    ///   - batchSize: the most rows per statement.
    public init(
        database: PostgresPool, interval: Duration = .milliseconds(100), capacity: Int = 50_000, batchSize: Int = 1_000,
        logger: Logger
    ) {
        self.database = database
        self.interval = interval
        self.capacity = capacity
        self.batchSize = batchSize
        self.logger = logger
    }

    /// Queues one row; it is written within `interval`.
    public func record(_ entry: Entry) {
        // Logged inside the request's task: the line carries its request and user ids.
        logger.debug(
            "ai answer",
            metadata: [
                "kind": .string(entry.kind.metricLabel), "provider": .string(entry.provider), "model": .string(entry.model),
                "cache_hit": .stringConvertible(entry.cacheHit), "outcome": .string(entry.outcome.rawValue),
                "input_tokens": .stringConvertible(entry.inputTokens), "output_tokens": .stringConvertible(entry.outputTokens),
                "cost_krw": .stringConvertible(entry.costKRW), "latency_ms": .stringConvertible(entry.latencyMilliseconds),
            ])
        PlatformMetrics.aiUsage(
            kind: entry.kind.metricLabel, provider: entry.provider, inputTokens: entry.inputTokens, outputTokens: entry.outputTokens,
            costKRW: entry.costKRW)
        let dropped = state.withLock { state -> Int in
            state.pending.append(entry)
            let excess = state.pending.count - capacity
            guard excess > 0 else { return 0 }
            state.pending.removeFirst(excess)
            return excess
        }
        if dropped > 0 { PlatformMetrics.usageRowsDropped(dropped) }
    }

    /// Returns once every row queued before the call has had a write attempt (written, or kept
    /// for a later round when PostgreSQL is unreachable).
    public func flush() async {
        await writeRound()
    }

    /// Writes queued rows every `interval` until graceful shutdown, then writes what is left.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            // Shutdown ends the wait at once; the last round below writes what is left.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
            await writeRound()
        }
        await writeRound()
    }

    /// One round: every queued row, in batches. Rounds run one at a time, so a round that starts
    /// after another caller's round has begun also waits for that one to finish.
    private func writeRound() async {
        await acquireWriter()
        defer { releaseWriter() }
        while true {
            let batch = state.withLock { state -> [Entry] in
                let batch = Array(state.pending.prefix(batchSize))
                state.pending.removeFirst(batch.count)
                return batch
            }
            guard !batch.isEmpty else { return }
            guard await write(batch) else {
                // Keep the rows for the next round, ahead of newer ones, within capacity.
                let dropped = state.withLock { state -> Int in
                    state.pending.insert(contentsOf: batch, at: 0)
                    let excess = max(0, state.pending.count - capacity)
                    state.pending.removeFirst(excess)
                    return excess
                }
                if dropped > 0 { PlatformMetrics.usageRowsDropped(dropped) }
                return
            }
            if batch.count < batchSize { return }
        }
    }

    private func acquireWriter() async {
        await withCheckedContinuation { continuation in
            let acquired = state.withLock { state -> Bool in
                if state.writing {
                    state.queuedWriters.append(continuation)
                    return false
                }
                state.writing = true
                return true
            }
            if acquired { continuation.resume() }
        }
    }

    /// Hands the writer to the next waiting round, if any.
    private func releaseWriter() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.queuedWriters.isEmpty {
                state.writing = false
                return nil
            }
            return state.queuedWriters.removeFirst()
        }
        next?.resume()
    }

    /// Inserts one batch; `false` when it should be tried again (the server was unreachable).
    /// A batch PostgreSQL refuses (a constraint or data error) is dropped and logged.
    private func write(_ batch: [Entry]) async -> Bool {
        do {
            try await database.withTransaction { connection in
                try await connection.query("SET LOCAL synchronous_commit = off")
                // A user deleted since the answer leaves the row without a user, as the FK would.
                try await connection.query("""
                    INSERT INTO ai_usage (kind, provider, model, input_tokens, output_tokens, cost_krw, cache_hit, latency_ms,
                        outcome, user_id, created_at)
                    SELECT u.kind, u.provider, u.model, u.input_tokens, u.output_tokens, u.cost_krw, u.cache_hit, u.latency_ms,
                        u.outcome, (SELECT id FROM users WHERE id = u.user_id), u.created_at
                    FROM unnest(\(batch.map(\.kind.rawValue))::text[], \(batch.map(\.provider))::text[], \(batch.map(\.model))::text[],
                        \(batch.map(\.inputTokens))::int[], \(batch.map(\.outputTokens))::int[], \(batch.map(\.costKRW))::numeric[],
                        \(batch.map(\.cacheHit))::bool[], \(batch.map(\.latencyMilliseconds))::int[], \(batch.map(\.outcome.rawValue))::text[],
                        \(batch.map(\.userID))::uuid[], \(batch.map(\.createdAt))::timestamptz[])
                        AS u(kind, provider, model, input_tokens, output_tokens, cost_krw, cache_hit, latency_ms, outcome, user_id, created_at)
                    """)
            }
            return true
        } catch let error as PostgresError where error.isDataError {
            logger.error("ai_usage batch refused; dropped", metadata: ["rows": "\(batch.count)", "error": "\(error)"])
            PlatformMetrics.usageRowsDropped(batch.count)
            return true
        } catch {
            logger.warning("ai_usage batch not written; kept for the next round", metadata: ["rows": "\(batch.count)", "error": "\(error)"])
            return false
        }
    }
}
