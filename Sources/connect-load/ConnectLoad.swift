import ArgumentParser

/// `connect-load`: the load harness's command line.
@main
struct ConnectLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect-load",
        abstract: "Connect's load harness, and the simulated upstreams it runs against.",
        subcommands: [Run.self, Coordinate.self, Merge.self, Compare.self, Bench.self, LLMSim.self])
}
