import Foundation

/// A private Redis server on loopback, in one of the two roles the platform uses.
public struct RedisServer: Sendable {
    /// How the server keeps its data.
    public enum Role: Sendable {
        /// No persistence; evicts least-recently-used keys past `maxMemory` (e.g. `256mb`).
        case cache(maxMemory: String)
        /// Append-only file, fsync every second, never evicts.
        case queue
    }

    public var port: Int
    /// Where the server keeps its pid file, log and (queue) append-only file.
    public var directory: String
    public var role: Role

    public init(port: Int, directory: String, role: Role) {
        self.port = port
        self.directory = directory
        self.role = role
    }

    /// `redis://127.0.0.1:PORT`.
    public var url: String { "redis://127.0.0.1:\(port)" }

    /// The server's Unix-domain socket (mode 700, for clients on this host), or `nil` when the
    /// folder's path is too long for a socket address.
    public var socketPath: String? {
        let path = directory + "/redis.sock"
        return UnixSocketPath.fits(path) ? path : nil
    }

    /// `unix:///…/redis.sock`, once the server listens there (`nil` before).
    public var socketURL: String? {
        guard let socketPath, FileManager.default.fileExists(atPath: socketPath) else { return nil }
        return "unix://" + socketPath
    }

    /// Starts the server unless it answers already, and waits until it answers `PING`.
    public func start() async throws {
        if await isRunning() { return }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--protected-mode", "yes",
            "--daemonize", "yes", "--dir", directory,
            "--pidfile", directory + "/redis.pid", "--logfile", directory + "/redis.log",
            "--save", "",
        ]
        if let socketPath { arguments += ["--unixsocket", socketPath, "--unixsocketperm", "700"] }
        switch role {
        case .cache(let maxMemory):
            arguments += ["--appendonly", "no", "--maxmemory", maxMemory, "--maxmemory-policy", "allkeys-lru"]
        case .queue:
            arguments += ["--appendonly", "yes", "--appendfsync", "everysec", "--maxmemory-policy", "noeviction"]
        }
        try await ShellCommand.check("redis-server", arguments)
        try await waitUntil(running: true)
    }

    /// Stops the server; the queue flushes its append-only file first, the cache just exits.
    public func stop() async throws {
        guard await isRunning() else { return }
        let mode: [String]
        switch role {
        case .cache: mode = ["NOSAVE"]
        case .queue: mode = []  // the append-only file is fsynced on shutdown
        }
        _ = try await ShellCommand.run("redis-cli", ["-p", String(port), "SHUTDOWN"] + mode)
        try await waitUntil(running: false)
    }

    /// Whether something answers `PING` on the port.
    public func isRunning() async -> Bool {
        let result = try? await ShellCommand.run("redis-cli", ["-p", String(port), "PING"], timeout: .seconds(5))
        return result?.output.contains("PONG") ?? false
    }

    /// Polls for up to 60 s: each poll runs `redis-cli`, which on a loaded two-core machine can
    /// itself take a good part of a second to start.
    private func waitUntil(running: Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if await isRunning() == running { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DevStackError.notReady("redis on port \(port)")
    }
}
