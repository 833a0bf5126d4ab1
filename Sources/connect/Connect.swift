import ArgumentParser
import ConnectCore

/// `connect`: the platform server and its operations commands.
@main
struct Connect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Connect: funding-program matching platform server.",
        version: ConnectVersion.current,
        subcommands: [Serve.self, Worker.self, Migrate.self, Seed.self, Generate.self],
        defaultSubcommand: Serve.self)
}
