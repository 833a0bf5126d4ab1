import ArgumentParser
import ConnectCore
import Foundation
import Logging
import PostgresClient

/// `connect seed`: writes the demo data (idempotent), or a large synthetic dataset.
struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Seed demo programs, organizations, users and matches (idempotent).")

    @Option(help: "Folder with programs.json and organizations.json (default: ./seed, or CONNECT_SEED_DIR).")
    var directory: String?

    @Option(help: "Also write a deterministic synthetic dataset of this many programs (and a tenth as many organizations).")
    var synthetic: Int?

    func run() async throws {
        let configuration = try await LogSetup.configuration()
        let logger = LogSetup.bootstrap(level: configuration.logLevel)
        await LogSetup.logConfigurationSources(level: configuration.logLevel, logger: logger)
        if let synthetic, synthetic < 1 { throw ValidationError("--synthetic takes a positive count") }
        let folder = try directory ?? ProjectFolders.locate("seed", environmentVariable: "CONNECT_SEED_DIR")
        let data = try SeedData.load(from: folder)
        let summary = try await PostgresPool.scoped(url: configuration.databaseURL) { database in
            let seeder = Seeder(database: database, logger: logger)
            try await seeder.seed(data)
            if let synthetic {
                try await SyntheticDataset(database: database, logger: logger).generate(count: synthetic)
            }
            return try await seeder.counts()
        }
        print("seeded: \(summary)")
    }
}
