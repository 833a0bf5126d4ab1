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
        public var createdAt: Date = Date()
    }

    private struct State {
        var pending: [Entry] = []
        var running = false
        /// Write rounds begun and finished, so that ``flush()`` can wait for a round that
        /// started after it was called.
        var roundsStarted = 0
        var roundsFinished = 0
        var waiters: [(round: Int, continuation: CheckedContinuation<Void, Never>)] = []
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
    /// for a later round when PostgreSQL is unreachable). Without a running log it writes itself.
    public func flush() async {
        enum Next { case wait(Int), writeHere }
        let next = state.withLock { state -> Next in
            state.running ? .wait(state.roundsStarted + 1) : .writeHere
        }
        switch next {
        case .writeHere:
            await writeRound()
        case .wait(let round):
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    guard state.running, state.roundsFinished < round else { return true }
                    state.waiters.append((round, continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// Writes queued rows every `interval` until graceful shutdown, then writes what is left.
    public func run() async throws {
        state.withLock { $0.running = true }
        defer {
            let waiters = state.withLock { state in
                state.running = false
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.continuation.resume() }
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await writeRound()
        }
        await writeRound()
    }

    /// One round: every queued row, in batches, then the waiters whose round this was resumed.
    private func writeRound() async {
        let round = state.withLock { state in
            state.roundsStarted += 1
            return state.roundsStarted
        }
        while true {
            let batch = state.withLock { state -> [Entry] in
                let batch = Array(state.pending.prefix(batchSize))
                state.pending.removeFirst(batch.count)
                return batch
            }
            guard !batch.isEmpty else { break }
            guard await write(batch) else {
                // Keep the rows for the next round, ahead of newer ones, within capacity.
                state.withLock { state in
                    state.pending.insert(contentsOf: batch, at: 0)
                    let excess = state.pending.count - capacity
                    if excess > 0 { state.pending.removeFirst(excess) }
                }
                break
            }
            if batch.count < batchSize { break }
        }
        let ready = state.withLock { state in
            state.roundsFinished = max(state.roundsFinished, round)
            let ready = state.waiters.filter { $0.round <= state.roundsFinished }
            state.waiters.removeAll { $0.round <= state.roundsFinished }
            return ready
        }
        for waiter in ready { waiter.continuation.resume() }
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
