import Foundation
import PostgresClient

/// Writes one `ai_usage` row per AI answer: model calls, shared calls and cache hits alike, so
/// the admin statistics can compute cost, cache hit rate and latency percentiles.
public struct UsageLog: Sendable {
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
    }

    private let database: PostgresPool

    public init(database: PostgresPool) {
        self.database = database
    }

    /// Writes the row without waiting for the WAL flush: usage rows are statistics, and an
    /// fsync per answer would cap cached explanations at the disk's flush rate.
    public func record(_ entry: Entry) async throws {
        try await database.withTransaction { connection in
            try await connection.query("SET LOCAL synchronous_commit = off")
            try await connection.query("""
            INSERT INTO ai_usage (kind, provider, model, input_tokens, output_tokens, cost_krw, cache_hit, latency_ms, outcome, user_id)
            VALUES (\(entry.kind.rawValue), \(entry.provider), \(entry.model), \(entry.inputTokens), \(entry.outputTokens),
                \(entry.costKRW), \(entry.cacheHit), \(entry.latencyMilliseconds), \(entry.outcome.rawValue), \(entry.userID))
            """)
        }
    }
}
