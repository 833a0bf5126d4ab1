import ArgumentParser
import ConnectCore
import Logging
import PostgresClient

/// `connect migrate`: applies pending migrations from `migrations/`.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations (safe to re-run).")

    @Option(help: "Folder of NNNN_name.sql files (default: ./migrations, or CONNECT_MIGRATIONS_DIR).")
    var directory: String?

    func run() async throws {
        let configuration = try LogSetup.configuration()
        let logger = LogSetup.bootstrap(level: configuration.logLevel)
        let folder = try directory ?? ProjectPaths.locate("migrations", environmentVariable: "CONNECT_MIGRATIONS_DIR")
        let applied = try await withDatabase(configuration) { database in
            try await Migrator(database: database, logger: logger).migrate(Migration.load(from: folder))
        }
        print(applied.isEmpty ? "database is up to date" : "applied migrations: \(applied.joined(separator: ", "))")
    }
}

/// Runs `body` with a small pool to `DATABASE_URL`, closing it afterwards.
func withDatabase<Result: Sendable>(
    _ configuration: ConnectConfiguration, _ body: (PostgresPool) async throws -> Result
) async throws -> Result {
    let database = PostgresPool(configuration: .init(url: configuration.databaseURL, poolSize: 2))
    do {
        let result = try await body(database)
        await database.shutdown()
        return result
    } catch {
        await database.shutdown()
        throw error
    }
}
