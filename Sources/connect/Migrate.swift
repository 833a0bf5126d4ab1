import ArgumentParser
import ConnectCore
import Logging
import PostgresClient

/// `connect migrate`: applies pending migrations from `migrations/`, or with `--wait` waits
/// until another process has applied them (the init container of the Kubernetes pods).
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending database migrations (safe to re-run).",
        discussion: """
            With --wait nothing is applied: the command polls every 2 s until every migration in \
            the folder is recorded as applied (exit 0), or --timeout seconds pass (exit 1). \
            Kubernetes pods run it before the server, while the migrate Job applies them.
            """)

    @Option(help: "Folder of NNNN_name.sql files (default: ./migrations, or CONNECT_MIGRATIONS_DIR).")
    var directory: String?

    @Flag(help: "Wait until the migrations are applied by someone else instead of applying them.")
    var wait = false

    @Option(help: "With --wait: give up after this many seconds.")
    var timeout = 600

    func run() async throws {
        let configuration = try await LogSetup.configuration()
        let logger = LogSetup.bootstrap(level: configuration.logLevel)
        await LogSetup.logConfigurationSources(level: configuration.logLevel, logger: logger)
        let folder = try directory ?? ProjectFolders.locate("migrations", environmentVariable: "CONNECT_MIGRATIONS_DIR")
        if wait { return try await waitForMigrations(Migration.load(from: folder), configuration: configuration, logger: logger) }
        let applied = try await PostgresPool.scoped(url: configuration.databaseURL) { database in
            try await Migrator(database: database, logger: logger).migrate(Migration.load(from: folder))
        }
        print(applied.isEmpty ? "database is up to date" : "applied migrations: \(applied.joined(separator: ", "))")
    }
}

extension Migrate {
    /// Polls until no migration of `migrations` is pending; a database that cannot be reached yet
    /// counts as pending (the pod may start before PostgreSQL does).
    private func waitForMigrations(_ migrations: [Migration], configuration: ConnectConfiguration, logger: Logger) async throws {
        let deadline = ContinuousClock.now + .seconds(timeout)
        let pending = try await PostgresPool.scoped(url: configuration.databaseURL) { database in
            let migrator = Migrator(database: database, logger: logger)
            var pending = migrations.map(\.version)
            while true {
                do {
                    pending = try await migrator.pendingVersions(of: migrations)
                    if pending.isEmpty { return pending }
                    logger.info("waiting for migrations", metadata: ["pending": "\(pending.joined(separator: ","))"])
                } catch {
                    logger.info("waiting for the database", metadata: ["error": "\(error)"])
                }
                if ContinuousClock.now >= deadline { return pending }
                try await Task.sleep(for: .seconds(2))
            }
        }
        guard pending.isEmpty else {
            throw ValidationErrorMessage("migrations still pending after \(timeout) s: \(pending.joined(separator: ", "))")
        }
        print("database is up to date")
    }
}
