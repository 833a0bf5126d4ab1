import ArgumentParser
import ConnectCore
import DevStack
import Foundation
import Logging
import PostgresClient

/// `connect-dev up`: starts the dev stack (PostgreSQL, Redis cache, Redis queue), migrates and seeds.
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the local dev stack on loopback, apply migrations and seed (idempotent).")

    @OptionGroup var stack: StackOptions

    @Flag(help: "Skip migrations and seeding.")
    var noSeed = false

    @Flag(help: "Print URLs over the servers' Unix-domain sockets (for a server on this host) instead of loopback TCP.")
    var sockets = false

    func run() async throws {
        var logger = Logger(label: "connect-dev")
        logger.logLevel = Logger.Level(rawValue: ProcessInfo.processInfo.environment["LOG_LEVEL"]?.lowercased() ?? "") ?? .info
        let devStack = stack.devStack
        try await devStack.up { print("connect-dev up: \($0)") }
        try await DatabaseProvisioner.createIfMissing(devStack.configuration.database, maintenanceURL: devStack.maintenanceURL)
        if !noSeed {
            let summary = try await PostgresPool.scoped(url: devStack.databaseURL) { database in
                try await ProjectFolders.migrateAndSeed(database: database, logger: logger)
            }
            print("connect-dev up: seeded \(summary)")
        }
        if sockets {
            guard let database = devStack.databaseSocketURL, let cache = devStack.cache.socketURL, let queue = devStack.queue.socketURL
            else { throw ValidationError("the stack does not listen on Unix sockets (a path too long, or started by an older connect-dev: down, then up)") }
            print("DATABASE_URL=\(database)\nREDIS_CACHE_URL=\(cache)\nREDIS_QUEUE_URL=\(queue)")
        } else {
            print("DATABASE_URL=\(devStack.databaseURL)\nREDIS_CACHE_URL=\(devStack.cache.url)\nREDIS_QUEUE_URL=\(devStack.queue.url)")
        }
    }
}

/// `connect-dev down`: stops what `connect-dev up` started; data stays.
struct Down: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop the local dev stack (data is kept).")

    @OptionGroup var stack: StackOptions

    func run() async throws {
        try await stack.devStack.down()
        print("connect-dev down: stopped PostgreSQL and both Redis servers")
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
