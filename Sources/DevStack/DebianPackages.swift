import Foundation

/// Installs the Debian packages the dev stack runs on, when they are missing and we are root.
public enum DebianPackages {
    /// Package → a file that exists once it is installed.
    static let required: [(package: String, probe: String)] = [
        ("postgresql", "/usr/lib/postgresql"),
        ("redis-server", "/usr/bin/redis-server"),
        ("redis-tools", "/usr/bin/redis-cli"),
    ]

    /// Makes sure PostgreSQL and Redis are installed, calling `apt-get` when root.
    public static func ensureInstalled(log: (String) -> Void) async throws {
        let missing = required.filter { !FileManager.default.fileExists(atPath: $0.probe) }.map(\.package)
        guard !missing.isEmpty else { return }
        guard getuid() == 0 else { throw DevStackError.missingPackages(missing) }
        log("installing \(missing.joined(separator: " ")) with apt-get")
        try await ShellCommand.check("apt-get", ["update", "-q"], timeout: .seconds(600))
        let result = try await ShellCommand.run(
            "apt-get", ["install", "-y", "-q", "--no-install-recommends"] + missing,
            environment: ["DEBIAN_FRONTEND": "noninteractive"], timeout: .seconds(900))
        guard result.succeeded else {
            throw DevStackError.commandFailed("apt-get install \(missing.joined(separator: " "))", result.status, result.output)
        }
    }
}
