import Foundation
import PostgresClient

/// Recomputes an organization's matches: candidate programs filtered in SQL by the hard
/// requirements PostgreSQL can check, scored by ``MatchScorer``, upserted (keeping viewed and
/// saved flags), unsaved matches that fell out removed, and the job marked done, all in one
/// transaction, so a retry after a crash repeats nothing twice.
public struct MatchGenerator: Sendable {
    /// What a generation produced, stored as the job's result.
    public struct Summary: Sendable, Codable, Equatable {
        public var matches: Int
        public var topScore: Int?
        public var candidates: Int
        public var durationMilliseconds: Int
    }

    /// Why a generation could not run.
    public enum Failure: Error, Sendable {
        case organizationNotFound(UUID)
        /// A later attempt of the job started (this one was taken over): nothing was written.
        case attemptSuperseded(jobID: UUID, attempt: Int)
    }

    private let database: PostgresPool
    private let scorer: MatchScorer
    public let limit: Int

    public init(database: PostgresPool, scorer: MatchScorer = MatchScorer(), limit: Int = 20) {
        self.database = database
        self.scorer = scorer
        self.limit = limit
    }

    /// Generates the organization's matches and, when `job` is given, marks that job succeeded in
    /// the same transaction — only if `job.attempt` is still its latest attempt (the fencing
    /// token from `JobRepository.start`); otherwise the whole transaction rolls back with
    /// ``Failure/attemptSuperseded(jobID:attempt:)``.
    public func generate(organizationID: UUID, job: (id: UUID, attempt: Int)? = nil, now: Date = Date()) async throws -> Summary {
        let started = ContinuousClock.now
        let organizations = OrganizationRepository(database: database)
        guard let organization = try await organizations.find(organizationID) else { throw Failure.organizationNotFound(organizationID) }
        return try await database.withTransaction { connection in
            // Descriptions are not scored: leave them out of the transfer.
            let candidates = try await connection.query("""
                SELECT \(unescaped: FundingProgram.columns.replacingOccurrences(of: "description", with: "''::text")) FROM funding_programs
                WHERE status = 'ACTIVE' AND (deadline IS NULL OR deadline > \(now))
                  AND (cardinality(target_types) = 0 OR \(organization.type.rawValue) = ANY(target_types))
                  AND (\(organization.trl)::int IS NULL OR ((min_trl IS NULL OR min_trl <= \(organization.trl)::int)
                       AND (max_trl IS NULL OR max_trl >= \(organization.trl)::int)))
                """).map(FundingProgram.init(row:))
            let ranked = scorer.rank(organization, against: candidates, now: now, limit: limit)
            try await Self.replaceMatches(of: organizationID, with: ranked, on: connection)
            let summary = Summary(
                matches: ranked.count, topScore: ranked.first?.score, candidates: candidates.count,
                durationMilliseconds: (ContinuousClock.now - started).wholeMilliseconds)
            if let job {
                let marked = try await connection.query("""
                    UPDATE jobs SET status = 'SUCCEEDED', result = \(PostgresJSON(summary)), last_error = NULL,
                        finished_at = now(), updated_at = now()
                    WHERE id = \(job.id) AND attempts = \(job.attempt) AND status = 'RUNNING'
                    """)
                guard marked.affectedRows == 1 else { throw Failure.attemptSuperseded(jobID: job.id, attempt: job.attempt) }
            }
            return summary
        }
    }

    /// Upserts `ranked` as the organization's matches (keeping viewed and saved flags) and
    /// removes its unsaved matches that are no longer ranked.
    static func replaceMatches(of organizationID: UUID, with ranked: [MatchEvaluation], on connection: PostgresConnection) async throws {
        // One statement for all rows: a round trip per match would dominate the generation time.
        try await connection.query("""
            INSERT INTO funding_matches (organization_id, program_id, score, breakdown, eligibility)
            SELECT \(organizationID), program_id, score::smallint, breakdown::jsonb, eligibility
            FROM unnest(\(ranked.map(\.program.id))::uuid[], \(ranked.map(\.score))::int[],
                \(ranked.map { PostgresJSON($0.breakdown).postgresText ?? "{}" })::text[], \(ranked.map(\.eligibility.rawValue))::text[])
                AS t(program_id, score, breakdown, eligibility)
            ON CONFLICT (organization_id, program_id) DO UPDATE SET
                score = EXCLUDED.score, breakdown = EXCLUDED.breakdown, eligibility = EXCLUDED.eligibility, updated_at = now()
            """)
        try await connection.query("""
            DELETE FROM funding_matches
            WHERE organization_id = \(organizationID) AND NOT saved AND NOT (program_id = ANY(\(ranked.map(\.program.id))::uuid[]))
            """)
    }
}
