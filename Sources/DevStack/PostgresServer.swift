import Foundation

/// A private PostgreSQL cluster in a folder of ours, listening on loopback TCP and, for clients
/// on this host, on a Unix-domain socket in a folder beside the data (``socketDirectory``).
///
/// PostgreSQL refuses to run as root, so when we are root every server command runs as the
/// unprivileged `postgres` user that Debian's package creates.
public struct PostgresServer: Sendable {
    /// The cluster's data folder (created by ``initialize()``).
    public var dataDirectory: String
    public var port: Int
    /// The cluster's superuser role, trusted on loopback.
    public var superuser: String

    public init(dataDirectory: String, port: Int, superuser: String = "connect") {
        self.dataDirectory = dataDirectory
        self.port = port
        self.superuser = superuser
    }

    /// The account server commands run as: `postgres` when we are root, else ourselves.
    var osUser: String? { getuid() == 0 ? "postgres" : nil }

    /// A connection URL for a database of this cluster.
    public func url(database: String) -> String {
        "postgresql://\(superuser)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// A connection URL over the Unix-domain socket, once the server listens on it (`nil` before,
    /// or when the folder's path is too long for a socket).
    public func socketURL(database: String) -> String? {
        guard let socketDirectory, FileManager.default.fileExists(atPath: socketDirectory + "/.s.PGSQL.\(port)") else { return nil }
        return "postgresql://\(superuser)@/\(database)?host=\(socketDirectory)&port=\(port)"
    }

    /// The folder of the server's socket (only the server's account may enter it), or `nil` when
    /// its path cannot carry one: longer than a socket address takes, or with characters a URL
    /// or `pg_ctl`'s option string would have to quote.
    public var socketDirectory: String? {
        let folder = dataDirectory + "-socket"
        let socket = folder + "/.s.PGSQL.\(port)"
        let plain = folder.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-".unicodeScalars.contains($0)) }
        return plain && UnixSocketPath.fits(socket) ? folder : nil
    }

    var logFile: String { dataDirectory + ".log" }

    /// Whether the data folder holds a cluster.
    public var isInitialized: Bool {
        FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION")
    }

    /// Creates the cluster (`initdb`) unless it exists: UTF-8, trust authentication on loopback.
    public func initialize() async throws {
        guard !isInitialized else { return }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        if let osUser {
            try await ShellCommand.check("chown", ["-R", "\(osUser):\(osUser)", dataDirectory, logFile])
            try await ShellCommand.check("chmod", ["700", dataDirectory])
        }
        try await ShellCommand.check(
            try Self.binary("initdb"),
            ["-D", dataDirectory, "-U", superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"],
            user: osUser)
    }

    /// Starts the server unless it runs already, and waits until it accepts connections.
    public func start() async throws {
        if try await isRunning() { return }
        // A crash can leave a stale pid file behind; pg_ctl copes, but only if it belongs to us.
        var socketOption = "-c unix_socket_directories=''"
        if let socketDirectory {
            try FileManager.default.createDirectory(
                atPath: socketDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            if let osUser { try await ShellCommand.check("chown", [osUser, socketDirectory]) }
            socketOption = "-c unix_socket_directories=\(socketDirectory)"
        }
        let options = [
            "-p \(port)", "-c listen_addresses=127.0.0.1", socketOption,
            "-c max_connections=200", "-c shared_buffers=128MB", "-c fsync=on",
        ].joined(separator: " ")
        var result = try await ShellCommand.run(
            try Self.binary("pg_ctl"),
            ["-D", dataDirectory, "-l", logFile, "-o", options, "-w", "-t", "60", "start"],
            user: osUser, timeout: .seconds(90))
        if !result.succeeded, try await !isRunning() {
            // One more try: right after a stop the old postmaster can still hold the port briefly.
            try await Task.sleep(for: .milliseconds(500))
            result = try await ShellCommand.run(
                try Self.binary("pg_ctl"),
                ["-D", dataDirectory, "-l", logFile, "-o", options, "-w", "-t", "60", "start"],
                user: osUser, timeout: .seconds(90))
        }
        let running = try await isRunning()
        guard result.succeeded || running else {
            // The server's own log says why (a port in use by another checkout's stack, say).
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            let tail = log.split(separator: "\n").suffix(5).joined(separator: "\n")
            throw DevStackError.commandFailed("pg_ctl start (port \(port))", result.status, result.output + "\n" + tail)
        }
    }

    /// Stops the server (fast shutdown: open sessions are ended, data is flushed).
    public func stop() async throws {
        guard try await isRunning() else { return }
        try await ShellCommand.check(
            try Self.binary("pg_ctl"), ["-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"],
            user: osUser, timeout: .seconds(90))
    }

    /// Whether the cluster's postmaster is running.
    public func isRunning() async throws -> Bool {
        guard isInitialized else { return false }
        let result = try await ShellCommand.run(try Self.binary("pg_ctl"), ["-D", dataDirectory, "status"], user: osUser)
        return result.status == 0
    }

    /// Whether the unprivileged server account can reach `folder`: when we are root, every
    /// existing ancestor must be searchable by others (PostgreSQL runs as `postgres`).
    public static func isReachable(_ folder: String) -> Bool {
        guard getuid() == 0 else { return true }
        var path = URL(fileURLWithPath: folder).standardizedFileURL
        while path.path != "/" {
            var info = stat()
            if stat(path.path, &info) == 0 && info.st_mode & S_IXOTH == 0 { return false }
            path.deleteLastPathComponent()
        }
        return true
    }

    /// The path of a PostgreSQL server program, from the newest version Debian installed.
    static func binary(_ name: String) throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let sorted = versions.compactMap { Int($0) }.sorted(by: >)
        for version in sorted {
            let path = "\(root)/\(version)/bin/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        if let path = ShellCommand.locate(name) { return path }
        throw DevStackError.missingProgram(name)
    }
}
