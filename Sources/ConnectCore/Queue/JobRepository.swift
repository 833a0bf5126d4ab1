import Foundation
import PostgresClient

/// Jobs in PostgreSQL: created before they are queued, updated by the worker.
public struct JobRepository: Sendable {
    /// The kind of the match-generation job.
    public static let generateMatches = "GENERATE_MATCHES"

    private let database: PostgresPool

    public init(database: PostgresPool) {
        self.database = database
    }

    static let columns = "id, kind, status, attempts, last_error, result::text, user_id, organization_id, created_at, started_at, finished_at"

    static func record(_ row: PostgresRow) throws -> JobRecord {
        let (id, kind, status, attempts, lastError, result, userID, organizationID, createdAt, startedAt, finishedAt) =
            try row.decode((UUID, String, String, Int, String?, String?, UUID?, UUID?, Date, Date?, Date?).self)
        return JobRecord(
            id: id, kind: kind, status: JobRecord.Status(rawValue: status) ?? .failed, attempts: attempts, lastError: lastError,
            resultJSON: result, userID: userID, organizationID: organizationID, createdAt: createdAt, startedAt: startedAt,
            finishedAt: finishedAt)
    }

    /// A new queued job.
    public func create(kind: String, userID: UUID, organizationID: UUID) async throws -> JobRecord {
        try await database.query("""
            INSERT INTO jobs (kind, user_id, organization_id, payload)
            VALUES (\(kind), \(userID), \(organizationID), jsonb_build_object('organizationId', \(organizationID)::text))
            RETURNING \(unescaped: Self.columns)
            """).first.map(Self.record)!
    }

    /// The user's job with this id.
    public func find(_ id: UUID, userID: UUID) async throws -> JobRecord? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM jobs WHERE id = \(id) AND user_id = \(userID)").first.map(Self.record)
    }

    /// Any job with this id (the worker's view).
    public func find(_ id: UUID) async throws -> JobRecord? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM jobs WHERE id = \(id)").first.map(Self.record)
    }

    /// Marks an attempt as started; `nil` when the job is finished (or unknown) and must not run
    /// again. The returned record's `attempts` is the attempt's fencing token: only the latest
    /// attempt can record a result (``recordFailure(_:attempt:error:dead:)``, and the generator's
    /// success), so an attempt that was taken over can never overwrite the one that took it over.
    public func start(_ id: UUID) async throws -> JobRecord? {
        try await database.query("""
            UPDATE jobs SET status = 'RUNNING', attempts = attempts + 1, started_at = now(), updated_at = now()
            WHERE id = \(id) AND status IN ('QUEUED', 'RUNNING', 'FAILED')
            RETURNING \(unescaped: Self.columns)
            """).first.map(Self.record)
    }

    /// Records a failed attempt: `FAILED` (to be retried) or `DEAD` (given up). With `attempt`,
    /// only if that attempt is still the latest.
    public func recordFailure(_ id: UUID, attempt: Int? = nil, error: String, dead: Bool) async throws {
        try await database.query("""
            UPDATE jobs SET status = \(dead ? "DEAD" : "FAILED"), last_error = \(String(error.prefix(500))),
                finished_at = CASE WHEN \(dead) THEN now() ELSE finished_at END, updated_at = now()
            WHERE id = \(id) AND status <> 'SUCCEEDED' AND (\(attempt)::int IS NULL OR attempts = \(attempt)::int)
            """)
    }

    /// Removes a job that never reached the queue.
    public func discard(_ id: UUID) async throws {
        try await database.query("DELETE FROM jobs WHERE id = \(id) AND status = 'QUEUED'")
    }
}
