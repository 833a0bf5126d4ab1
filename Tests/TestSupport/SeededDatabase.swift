import ConnectCore
import DevStack
import Foundation
import Logging
import PostgresClient
import RedisClient

/// One migrated and seeded database per test process, for tests that only read demo data.
/// It is recreated on first use in each run (`connect_test_seeded`), so runs never see stale rows,
/// and the cache database tests use with it (number 1 of the dev cache) is emptied with it.
public enum SeededDatabase {
    public static let name = "connect_test_seeded"
    /// The cache tests use beside this database: database 1 of the dev cache, never a dev server's.
    public static var cacheURL: String { TestStack.devStack.cache.url + "/1" }
    private static let prepared = StartOnce()

    /// The database's URL, after it has been created, migrated and seeded.
    public static func url() async throws -> String {
        try await prepared.run {
            try await TestStack.ensureRunning()
            let maintenance = TestStack.devStack.maintenanceURL
            try await DatabaseProvisioner.drop(name, maintenanceURL: maintenance)
            try await DatabaseProvisioner.createIfMissing(name, maintenanceURL: maintenance)
            let pool = PostgresPool(configuration: .init(url: TestStack.devStack.postgres.url(database: name), poolSize: 2))
            do {
                let logger = Logger(label: "test")
                try await Migrator(database: pool, logger: logger).migrate(TestStack.migrations())
                try await Seeder(database: pool, hasher: PasswordHasher(cost: 4), logger: logger).seed(TestStack.seedData())
                await pool.shutdown()
                let cache = RedisPool(configuration: .init(url: cacheURL, poolSize: 1))
                _ = try? await cache.command("FLUSHDB")
                await cache.shutdown()
            } catch {
                await pool.shutdown()
                throw error
            }
        }
        return TestStack.devStack.postgres.url(database: name)
    }
}
