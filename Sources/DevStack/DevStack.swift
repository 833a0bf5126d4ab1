import Foundation

/// The platform's local dependencies: one PostgreSQL cluster and two Redis servers (cache and
/// queue) on loopback, kept under one project-local folder. `up` and `down` are idempotent.
public struct DevStack: Sendable {
    /// Where and on which ports the stack runs.
    public struct Configuration: Sendable {
        /// The folder holding every server's data (`.connect` in the working directory by default).
        public var dataDirectory: String
        public var postgresPort: Int
        public var cachePort: Int
        public var queuePort: Int
        /// The application database created in the cluster.
        public var database: String
        /// Memory limit of the cache instance before it evicts.
        public var cacheMaxMemory: String

        public init(
            dataDirectory: String = FileManager.default.currentDirectoryPath + "/.connect",
            postgresPort: Int = 5433,
            cachePort: Int = 6380,
            queuePort: Int = 6381,
            database: String = "connect",
            cacheMaxMemory: String = "256mb"
        ) {
            self.dataDirectory = dataDirectory
            self.postgresPort = postgresPort
            self.cachePort = cachePort
            self.queuePort = queuePort
            self.database = database
            self.cacheMaxMemory = cacheMaxMemory
        }
    }

    public let configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// The cluster lives in the data folder, unless the `postgres` account cannot reach it (a
    /// checkout under a private home folder, when we are root): then under `/var/tmp`.
    public var postgres: PostgresServer {
        var folder = configuration.dataDirectory + "/postgres"
        if !PostgresServer.isReachable(configuration.dataDirectory) {
            let key = configuration.dataDirectory.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
            folder = "/var/tmp/connect-postgres-\(String(key, radix: 16))"
        }
        return PostgresServer(dataDirectory: folder, port: configuration.postgresPort)
    }

    public var cache: RedisServer {
        RedisServer(port: configuration.cachePort, directory: configuration.dataDirectory + "/redis-cache",
                    role: .cache(maxMemory: configuration.cacheMaxMemory))
    }

    public var queue: RedisServer {
        RedisServer(port: configuration.queuePort, directory: configuration.dataDirectory + "/redis-queue", role: .queue)
    }

    /// `DATABASE_URL` of the application database.
    public var databaseURL: String { postgres.url(database: configuration.database) }
    /// `DATABASE_URL` over the cluster's Unix-domain socket, once it listens there.
    public var databaseSocketURL: String? { postgres.socketURL(database: configuration.database) }
    /// URL of the cluster's maintenance database, for creating databases.
    public var maintenanceURL: String { postgres.url(database: "postgres") }

    /// Installs missing packages (as root), creates and starts the three servers.
    public func up(log: (String) -> Void) async throws {
        try await DebianPackages.ensureInstalled(log: log)
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        if !postgres.isInitialized { log("creating PostgreSQL cluster in \(postgres.dataDirectory)") }
        try await postgres.initialize()
        try await postgres.start()
        try await cache.start()
        try await queue.start()
    }

    /// Stops the three servers; data stays for the next `up`.
    public func down() async throws {
        try await cache.stop()
        try await queue.stop()
        try await postgres.stop()
    }
}
