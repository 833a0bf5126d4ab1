import ArgumentParser

/// `connect-dev`: the local dev stack for `make run` and `make test` — PostgreSQL 15 and the two
/// Redis servers on loopback, installed from Debian packages when missing. Kept out of the
/// `connect` server binary, which production images ship.
@main
struct ConnectDev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect-dev",
        abstract: "The local dev stack: PostgreSQL (5433), Redis cache (6380), Redis queue (6381).",
        subcommands: [Up.self, Down.self])
}
