import ConnectCore
import Foundation
import Logging
import PostgresClient
import Testing
import TestSupport

/// Migrations and seeding are idempotent against a real, fresh database.
@Suite struct MigrationAndSeedTests {
    let logger = Logger(label: "test")

    /// Tables, columns, indexes and constraints: what a migration could change.
    func schemaFingerprint(_ pool: PostgresPool) async throws -> [String] {
        let columns = try await pool.query("""
            SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable
            FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1
            """).map { try $0.decode(String.self, at: 0) }
        let indexes = try await pool.query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1").map {
            try $0.decode(String.self, at: 0)
        }
        let constraints = try await pool.query("""
            SELECT conrelid::regclass::text || ':' || conname FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace ORDER BY 1
            """).map { try $0.decode(String.self, at: 0) }
        return columns + indexes + constraints
    }

    @Test func migrationsAppliedTwiceChangeNothing() async throws {
        try await TestStack.withDatabase(migrated: false) { pool, _ in
            let migrator = Migrator(database: pool, logger: logger)
            let migrations = try TestStack.migrations()
            let first = try await migrator.migrate(migrations)
            #expect(first == migrations.map(\.version))
            let before = try await schemaFingerprint(pool)
            #expect(before.contains { $0.hasPrefix("funding_matches.score:smallint") })
            #expect(before.contains { $0.contains("gin_trgm_ops") })

            let second = try await migrator.migrate(migrations)
            #expect(second.isEmpty)
            #expect(try await schemaFingerprint(pool) == before)
            #expect(try await migrator.appliedVersions() == migrations.map(\.version))
        }
    }

    @Test func concurrentMigratorsApplyOnce() async throws {
        try await TestStack.withDatabase(migrated: false, poolSize: 4) { pool, _ in
            let migrations = try TestStack.migrations()
            let results = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<3 { group.addTask { try await Migrator(database: pool, logger: logger).migrate(migrations) } }
                return try await group.reduce(into: [[String]]()) { $0.append($1) }
            }
            #expect(results.flatMap { $0 } == migrations.map(\.version))
        }
    }

    /// What `connect migrate --wait` polls: everything pending on a fresh database (no ledger,
    /// and the read creates none), the unapplied tail after a partial run, nothing after a full one.
    @Test func pendingVersionsAreReadWithoutWriting() async throws {
        try await TestStack.withDatabase(migrated: false) { pool, _ in
            let migrator = Migrator(database: pool, logger: logger)
            let migrations = try TestStack.migrations()
            #expect(try await migrator.pendingVersions(of: migrations) == migrations.map(\.version))
            let ledger = try await pool.query("SELECT to_regclass('schema_migrations') IS NOT NULL").first?.decode(Bool.self, at: 0)
            #expect(ledger == false)
            try await migrator.migrate(Array(migrations.prefix(1)))
            #expect(try await migrator.pendingVersions(of: migrations) == migrations.dropFirst().map(\.version))
            try await migrator.migrate(migrations)
            #expect(try await migrator.pendingVersions(of: migrations).isEmpty)
        }
    }

    @Test func editedMigrationIsRefused() async throws {
        try await TestStack.withDatabase(migrated: false) { pool, _ in
            let migrator = Migrator(database: pool, logger: logger)
            var migrations = try TestStack.migrations()
            try await migrator.migrate(migrations)
            migrations[0].sql += "\n-- edited"
            await #expect(throws: MigrationError.self) { try await migrator.migrate(migrations) }
        }
    }

    @Test func seedRunTwiceGivesTheSameCounts() async throws {
        try await TestStack.withDatabase { pool, _ in
            let seeder = Seeder(database: pool, hasher: PasswordHasher(cost: 4), logger: logger)
            let data = try TestStack.seedData()
            let first = try await seeder.seed(data)
            let second = try await seeder.seed(data)
            #expect(first == second)
            #expect(first.programs >= 12)
            #expect(first.organizations == data.organizations.count)

            let agencies = try await pool.query("SELECT count(DISTINCT agency) FROM funding_programs").first!.decode(Int.self, at: 0)
            #expect(agencies >= 4)
            let open = try await pool.query("SELECT count(*) FROM funding_programs WHERE deadline > now()").first!.decode(Int.self, at: 0)
            #expect(open == first.programs)

            let demoMatches = try await pool.query("""
                SELECT m.score FROM funding_matches m JOIN users u ON u.organization_id = m.organization_id
                WHERE u.email = 'demo@connectplt.kr' ORDER BY m.score DESC
                """).map { try $0.decode(Int.self, at: 0) }
            #expect(demoMatches.count == 5)

            for index in 0..<10 {
                let row = try #require(try await pool.query("""
                    SELECT u.password_hash, (SELECT count(*) FROM funding_matches m WHERE m.organization_id = u.organization_id)
                    FROM users u WHERE lower(u.email) = \("loadtest+\(index)@connectplt.kr")
                    """).first)
                let (hash, matches) = try row.decode((String, Int).self)
                #expect(matches > 0)
                #expect(try await PasswordHasher().verify(data.password, hash: hash))
            }
        }
    }

    @Test func syntheticDatasetIsDeterministic() async throws {
        try await TestStack.withDatabase { pool, _ in
            let dataset = SyntheticDataset(database: pool, logger: logger)
            let now = Date(timeIntervalSince1970: 1_790_000_000)
            let written = try await dataset.generate(count: 1500, now: now)
            #expect(written.programs == 1500 && written.organizations == 150)
            let fingerprint: PostgresQuery = """
                SELECT md5(string_agg(content_hash || title || agency || array_to_string(keywords, ','), '|' ORDER BY content_hash))
                FROM funding_programs
                """
            let first = try await pool.query(fingerprint).first!.decode(String.self, at: 0)
            try await dataset.generate(count: 1500, now: now)
            #expect(try await pool.query("SELECT count(*) FROM funding_programs").first!.decode(Int.self, at: 0) == 1500)
            #expect(try await pool.query(fingerprint).first!.decode(String.self, at: 0) == first)
        }
    }
}
