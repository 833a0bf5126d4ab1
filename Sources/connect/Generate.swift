import ArgumentParser
import ConnectCore
import Foundation
import Logging
import PostgresClient

/// `connect generate`: recomputes one organization's matches now (what the worker does for a
/// job), printing how many programs were candidates and how long it took.
struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Recompute an organization's matches and report the time taken.")

    @Option(help: "The organization's id.")
    var organization: String

    @Option(name: .customLong("repeat"), help: "Run it this many times and report each duration (for benchmarks).")
    var runs: Int = 1

    func run() async throws {
        guard let id = UUID(uuidString: organization) else { throw ValidationError("--organization takes a UUID") }
        guard (1...1000).contains(runs) else { throw ValidationError("--repeat takes 1 to 1000") }
        let configuration = try await LogSetup.configuration()
        _ = LogSetup.bootstrap(level: configuration.logLevel)
        let summaries = try await PostgresPool.scoped(url: configuration.databaseURL) { database in
            var summaries: [MatchGenerator.Summary] = []
            for _ in 0..<runs { summaries.append(try await MatchGenerator(database: database).generate(organizationID: id)) }
            return summaries
        }
        for summary in summaries {
            print("candidates=\(summary.candidates) matches=\(summary.matches) top=\(summary.topScore ?? 0) ms=\(summary.durationMilliseconds)")
        }
        let sorted = summaries.map(\.durationMilliseconds).sorted()
        print("median ms=\(sorted[sorted.count / 2]) min=\(sorted.first!) max=\(sorted.last!)")
    }
}
