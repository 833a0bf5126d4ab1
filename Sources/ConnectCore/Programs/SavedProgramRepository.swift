import Foundation
import PostgresClient

/// Programs a user saved; saving mirrors onto the user's organization's match for the program.
public struct SavedProgramRepository: Sendable {
    private let database: PostgresPool

    public init(database: PostgresPool) {
        self.database = database
    }

    /// Saves (idempotent); `nil` when the program does not exist, else whether anything changed:
    /// the user's saved programs (it was not saved yet) or the organization's match of it.
    public func save(programID: UUID, userID: UUID, organizationID: UUID?) async throws -> Bool? {
        try await database.withTransaction { connection -> Bool? in
            guard try await connection.query("SELECT 1 FROM funding_programs WHERE id = \(programID)").first != nil else { return nil }
            let inserted = try await connection.query(
                "INSERT INTO saved_programs (user_id, program_id) VALUES (\(userID), \(programID)) ON CONFLICT DO NOTHING")
            guard let organizationID else { return inserted.affectedRows > 0 }
            let marked = try await connection.query("""
                UPDATE funding_matches SET saved = true, saved_at = coalesce(saved_at, now()), updated_at = now()
                WHERE organization_id = \(organizationID) AND program_id = \(programID) AND NOT saved
                """)
            return inserted.affectedRows > 0 || marked.affectedRows > 0
        }
    }

    /// Unsaves (idempotent); whether anything changed: the user's saved programs (it was saved)
    /// or the organization's match of it.
    @discardableResult
    public func unsave(programID: UUID, userID: UUID, organizationID: UUID?) async throws -> Bool {
        try await database.withTransaction { connection in
            let deleted = try await connection.query("DELETE FROM saved_programs WHERE user_id = \(userID) AND program_id = \(programID)")
            guard let organizationID else { return deleted.affectedRows > 0 }
            let unmarked = try await connection.query("""
                UPDATE funding_matches SET saved = false, saved_at = NULL, updated_at = now()
                WHERE organization_id = \(organizationID) AND program_id = \(programID) AND saved
                """)
            return deleted.affectedRows > 0 || unmarked.affectedRows > 0
        }
    }

    /// The user's saved programs, most recently saved first, with when.
    public func list(userID: UUID) async throws -> [(program: FundingProgram, savedAt: Date)] {
        let columns = FundingProgram.columns(qualifiedBy: "p")
        return try await database.query("""
            SELECT s.created_at, \(unescaped: columns) FROM saved_programs s JOIN funding_programs p ON p.id = s.program_id
            WHERE s.user_id = \(userID) ORDER BY s.created_at DESC
            """).map { row in (try FundingProgram(row: row.dropping(first: 1)), try row.decode(Date.self, at: 0)) }
    }

    /// How many programs the user saved.
    public func count(userID: UUID) async throws -> Int {
        try await database.query("SELECT count(*) FROM saved_programs WHERE user_id = \(userID)").first!.decode(Int.self, at: 0)
    }
}
