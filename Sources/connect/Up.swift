import ArgumentParser
import ConnectCore
import DevStack
import Foundation
import Logging

/// `connect up`: starts the dev stack (PostgreSQL, Redis cache, Redis queue), migrates and seeds.
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the local dev stack on loopback, apply migrations and seed (idempotent).")

    @OptionGroup var stack: StackOptions

    @Flag(help: "Skip migrations and seeding.")
    var noSeed = false

    func run() async throws {
        let configuration = try LogSetup.configuration()
        let logger = LogSetup.bootstrap(level: configuration.logLevel)
        let devStack = stack.devStack
        try await devStack.up { print("connect up: \($0)") }
        try await DatabaseProvisioner.createIfMissing(devStack.configuration.database, maintenanceURL: devStack.maintenanceURL)
        if !noSeed {
            var target = configuration
            target.databaseURL = devStack.databaseURL
            let migrations = try Migration.load(from: ProjectPaths.locate("migrations", environmentVariable: "CONNECT_MIGRATIONS_DIR"))
            let seed = try SeedData.load(from: ProjectPaths.locate("seed", environmentVariable: "CONNECT_SEED_DIR"))
            let summary = try await withDatabase(target) { database in
                try await Migrator(database: database, logger: logger).migrate(migrations)
                return try await Seeder(database: database, logger: logger).seed(seed)
            }
            print("connect up: seeded \(summary)")
        }
        print("""
            DATABASE_URL=\(devStack.databaseURL)
            REDIS_CACHE_URL=\(devStack.cache.url)
            REDIS_QUEUE_URL=\(devStack.queue.url)
            """)
    }
}

/// `connect down`: stops what `connect up` started; data stays.
struct Down: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop the local dev stack (data is kept).")

    @OptionGroup var stack: StackOptions

    func run() async throws {
        try await stack.devStack.down()
        print("connect down: stopped PostgreSQL and both Redis servers")
    }
}

/// Where the dev stack lives; defaults match the server's default URLs.
struct StackOptions: ParsableArguments {
    @Option(help: "Folder for the stack's data (default: ./.connect, or CONNECT_DATA_DIR).")
    var dataDirectory: String?

    var devStack: DevStack {
        let environment = ProcessInfo.processInfo.environment
        var configuration = DevStack.Configuration()
        if let folder = dataDirectory ?? environment["CONNECT_DATA_DIR"], !folder.isEmpty {
            configuration.dataDirectory = URL(fileURLWithPath: folder).standardizedFileURL.path
        }
        return DevStack(configuration: configuration)
    }
}
