import Logging
import PostgresClient

/// Applies migrations in order, each in its own transaction, recording them in `schema_migrations`.
///
/// An advisory lock serializes concurrent migrators (several instances starting at once);
/// applied migrations are skipped, so running it again changes nothing.
public struct Migrator: Sendable {
    private let database: PostgresPool
    private let logger: Logger

    /// Any fixed number: the key of the advisory lock held while migrating.
    private static let lockKey = 7_341_205_118

    public init(database: PostgresPool, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Applies the migrations not yet recorded; returns the versions it applied.
    @discardableResult
    public func migrate(_ migrations: [Migration]) async throws -> [String] {
        try await database.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))")
            do {
                let applied = try await apply(migrations, on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
                throw error
            }
        }
    }

    /// The versions of `migrations` not recorded as applied yet, read without writing anything
    /// (no ledger yet means none is applied): what `connect migrate --wait` polls.
    public func pendingVersions(of migrations: [Migration]) async throws -> [String] {
        let applied: Set<String>
        do {
            applied = Set(try await database.query("SELECT version FROM schema_migrations").map { try $0.decode(String.self, at: 0) })
        } catch let error as PostgresError where error.sqlState == "42P01" {
            applied = []
        }
        return migrations.map(\.version).filter { !applied.contains($0) }
    }

    /// The versions recorded as applied, in order.
    public func appliedVersions() async throws -> [String] {
        try await database.withConnection { connection in
            try await ensureLedger(on: connection)
            return try await connection.query("SELECT version FROM schema_migrations ORDER BY version").map {
                try $0.decode(String.self, at: 0)
            }
        }
    }

    private func ensureLedger(on connection: PostgresConnection) async throws {
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version text PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
    }

    private func apply(_ migrations: [Migration], on connection: PostgresConnection) async throws -> [String] {
        try await ensureLedger(on: connection)
        var recorded: [String: String] = [:]
        for row in try await connection.query("SELECT version, checksum FROM schema_migrations").rows {
            let (version, checksum) = try row.decode((String, String).self)
            recorded[version] = checksum
        }
        var applied: [String] = []
        for migration in migrations {
            if let checksum = recorded[migration.version] {
                guard checksum == migration.checksum else {
                    throw MigrationError.changedAfterApply(version: migration.version, name: migration.name)
                }
                continue
            }
            logger.info("applying migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            try await connection.query("BEGIN")
            do {
                try await connection.execute(script: migration.sql)
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))")
                try await connection.query("COMMIT")
            } catch {
                _ = try? await connection.query("ROLLBACK")
                throw error
            }
            applied.append(migration.version)
        }
        return applied
    }
}
