import Foundation
import PostgresClient

/// Matches in PostgreSQL. Every read and write is scoped to the caller's organization, so
/// another organization's match is simply not found.
public struct MatchRepository: Sendable {
    private let database: PostgresPool

    public init(database: PostgresPool) {
        self.database = database
    }

    private static let columns = """
        m.id, m.organization_id, m.score, m.breakdown, m.eligibility, m.viewed, m.viewed_at, m.saved, m.saved_at, \
        m.created_at, \(FundingProgram.columns(qualifiedBy: "p"))
        """

    static func record(_ row: PostgresRow) throws -> MatchRecord {
        let (id, organizationID, score, breakdown, eligibility, viewed, viewedAt, saved, savedAt, createdAt) =
            try row.decode((UUID, UUID, Int, MatchBreakdown, String, Bool, Date?, Bool, Date?, Date).self)
        let programRow = row.dropping(first: 10)
        return MatchRecord(
            id: id, organizationID: organizationID, program: try FundingProgram(row: programRow), score: score,
            breakdown: breakdown, eligibility: Eligibility(rawValue: eligibility) ?? .conditionally,
            viewed: viewed, viewedAt: viewedAt, saved: saved, savedAt: savedAt, createdAt: createdAt)
    }

    /// The organization's matches, best first.
    public func list(organizationID: UUID, status: MatchStatusFilter?, page: Int, limit: Int) async throws -> Page<MatchRecord> {
        let condition: String
        switch status {
        case .none: condition = ""
        case .new?: condition = "AND NOT m.viewed"
        case .viewed?: condition = "AND m.viewed"
        case .saved?: condition = "AND m.saved"
        }
        let offset = (page - 1) * limit
        // Two statements on shared connections (pipelined with others'), not a lent one.
        let total = try await database.query(
            "SELECT count(*) FROM funding_matches m WHERE m.organization_id = \(organizationID) \(unescaped: condition)"
        ).first!.decode(Int.self, at: 0)
        guard total > offset else { return Page(items: [], page: page, limit: limit, total: total) }
        let records = try await database.query("""
            SELECT \(unescaped: Self.columns) FROM funding_matches m JOIN funding_programs p ON p.id = m.program_id
            WHERE m.organization_id = \(organizationID) \(unescaped: condition)
            ORDER BY m.score DESC, p.deadline ASC NULLS LAST, m.id LIMIT \(limit) OFFSET \(offset)
            """).map(Self.record)
        return Page(items: records, page: page, limit: limit, total: total)
    }

    /// One of the organization's matches.
    public func find(_ id: UUID, organizationID: UUID) async throws -> MatchRecord? {
        try await database.query("""
            SELECT \(unescaped: Self.columns) FROM funding_matches m JOIN funding_programs p ON p.id = m.program_id
            WHERE m.id = \(id) AND m.organization_id = \(organizationID)
            """).first.map(Self.record)
    }

    /// What marking a match viewed sets: the first viewing's time is kept.
    private static let markViewed = "viewed = true, viewed_at = coalesce(viewed_at, now()), updated_at = now()"

    /// One of the organization's matches, marked viewed, with the organization's data version,
    /// in one round trip; `nil` when the organization has no such match.
    public func view(_ id: UUID, organizationID: UUID) async throws -> ViewedMatch<MatchRecord>? {
        // The outer SELECT sees the row as it was before the CTE's UPDATE, so the
        // viewed fields are set here from whether the UPDATE changed anything.
        guard let row = try await database.query("""
            WITH marked AS (
                UPDATE funding_matches SET \(unescaped: Self.markViewed)
                WHERE id = \(id) AND organization_id = \(organizationID) AND NOT viewed
                RETURNING viewed_at)
            SELECT \(unescaped: Self.columns), o.data_version, (SELECT viewed_at FROM marked)
            FROM funding_matches m JOIN funding_programs p ON p.id = m.program_id JOIN organizations o ON o.id = m.organization_id
            WHERE m.id = \(id) AND m.organization_id = \(organizationID)
            """).first else { return nil }
        var record = try Self.record(row)
        let count = row.values.count
        let dataVersion = try row.decode(Int.self, at: count - 2)
        let markedAt = try row.decode(Date?.self, at: count - 1)
        if let markedAt {
            record.viewed = true
            record.viewedAt = markedAt
        }
        return ViewedMatch(record: record, firstView: markedAt != nil, organizationDataVersion: dataVersion)
    }

    /// Like ``view(_:organizationID:)`` for an explanation: only the summary it shows, read by a
    /// plain join (a match already viewed — the usual case — is not written), and marked viewed
    /// by a second statement the first time only. Of two first viewings at once, one is first.
    public func viewSummary(_ id: UUID, organizationID: UUID) async throws -> ViewedMatch<MatchSummary>? {
        guard let row = try await database.query("""
            SELECT m.viewed, m.score, p.id, p.title, p.agency, p.deadline, o.data_version
            FROM funding_matches m JOIN funding_programs p ON p.id = m.program_id JOIN organizations o ON o.id = m.organization_id
            WHERE m.id = \(id) AND m.organization_id = \(organizationID)
            """).first else { return nil }
        let (viewed, score, programID, title, agency, deadline, dataVersion) = try row.decode((Bool, Int, UUID, String, String, Date?, Int).self)
        var firstView = false
        if !viewed {
            firstView = try await !database.query("""
                UPDATE funding_matches SET \(unescaped: Self.markViewed)
                WHERE id = \(id) AND organization_id = \(organizationID) AND NOT viewed RETURNING 1
                """).rows.isEmpty
        }
        let summary = MatchSummary(id: id, score: score, programID: programID, programTitle: title, agency: agency, deadline: deadline)
        return ViewedMatch(record: summary, firstView: firstView, organizationDataVersion: dataVersion)
    }

    /// Saves or unsaves one of the organization's matches (idempotent) and mirrors it in the
    /// user's saved programs; `nil` when there is no such match. Only a change is written:
    /// `changed` is false when the match and the user's saved programs already were as asked
    /// (the match's row, its timestamps and the organization's cached lists stay as they are).
    public func setSaved(
        _ id: UUID, organizationID: UUID, userID: UUID, saved: Bool
    ) async throws -> (record: MatchRecord, changed: Bool)? {
        try await database.withTransaction { connection in
            let changed = try await connection.query("""
                UPDATE funding_matches
                SET saved = \(saved), saved_at = CASE WHEN \(saved) THEN coalesce(saved_at, now()) ELSE NULL END, updated_at = now()
                WHERE id = \(id) AND organization_id = \(organizationID) AND saved IS DISTINCT FROM \(saved)
                """).affectedRows > 0
            guard let record = try await connection.query("""
                SELECT \(unescaped: Self.columns) FROM funding_matches m JOIN funding_programs p ON p.id = m.program_id
                WHERE m.id = \(id) AND m.organization_id = \(organizationID)
                """).first.map(Self.record) else { return nil }
            // The user's own saved programs follow even when the match did not change (another
            // member of the organization may have saved it first).
            let mirrored = saved
                ? try await connection.query(
                    "INSERT INTO saved_programs (user_id, program_id) VALUES (\(userID), \(record.program.id)) ON CONFLICT DO NOTHING")
                : try await connection.query("DELETE FROM saved_programs WHERE user_id = \(userID) AND program_id = \(record.program.id)")
            return (record, changed || mirrored.affectedRows > 0)
        }
    }

    /// The organization's matches whose deadline is still ahead, soonest first.
    public func upcomingDeadlines(organizationID: UUID, limit: Int) async throws -> [UpcomingDeadline] {
        try await database.query("""
            SELECT m.id, p.id, p.title, p.agency, p.deadline, m.score
            FROM funding_matches m JOIN funding_programs p ON p.id = m.program_id
            WHERE m.organization_id = \(organizationID) AND p.deadline > now() AND p.status = 'ACTIVE'
            ORDER BY p.deadline, m.score DESC LIMIT \(limit)
            """).map { row in
                let (matchID, programID, title, agency, deadline, score) = try row.decode((UUID, UUID, String, String, Date?, Int).self)
                return UpcomingDeadline(matchID: matchID, programID: programID, title: title, agency: agency, deadline: deadline, score: score)
            }
    }

    /// Match counts of an organization by status.
    public func counts(organizationID: UUID) async throws -> (total: Int, new: Int, viewed: Int, saved: Int) {
        let row = try await database.query("""
            SELECT count(*), count(*) FILTER (WHERE NOT viewed), count(*) FILTER (WHERE viewed), count(*) FILTER (WHERE saved)
            FROM funding_matches WHERE organization_id = \(organizationID)
            """).first!
        return try row.decode((Int, Int, Int, Int).self)
    }
}
