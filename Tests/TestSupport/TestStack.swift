import ConnectCore
import DevStack
import Foundation
import Logging
import PostgresClient
import Synchronization

/// The servers tests run against: the dev stack (started once per test process if it is not
/// running), plus throw-away databases and private servers for tests that stop them.
public enum TestStack {
    /// The package's root folder, found from this file's path.
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The dev stack at its default place and ports (the same one `make test` starts).
    public static let devStack = DevStack(configuration: .init(dataDirectory: packageRoot + "/.connect"))

    private static let started = StartOnce()

    /// Starts the dev stack's servers unless they run already.
    public static func ensureRunning() async throws {
        try await started.run { try await devStack.up { print("test stack: \($0)") } }
    }

    /// The migrations of the package.
    public static func migrations() throws -> [Migration] {
        try Migration.load(from: packageRoot + "/migrations")
    }

    /// The seed data of the package.
    public static func seedData() throws -> SeedData {
        try SeedData.load(from: packageRoot + "/seed")
    }

    /// Creates a fresh database (optionally migrated), hands a pool on it to `body`, then drops it.
    public static func withDatabase<Result: Sendable>(
        migrated: Bool = true,
        poolSize: Int = 4,
        _ body: (PostgresPool, String) async throws -> Result
    ) async throws -> Result {
        try await ensureRunning()
        let name = "connect_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await DatabaseProvisioner.createIfMissing(name, maintenanceURL: devStack.maintenanceURL)
        let url = devStack.postgres.url(database: name)
        // Tests run in parallel on two cores: waits are generous so load cannot fail them.
        let pool = PostgresPool(configuration: .init(url: url, poolSize: poolSize, acquireTimeout: .seconds(60)))
        do {
            if migrated {
                try await Migrator(database: pool, logger: .init(label: "test")).migrate(migrations())
            }
            let result = try await body(pool, url)
            await pool.shutdown()
            try await DatabaseProvisioner.drop(name, maintenanceURL: devStack.maintenanceURL)
            return result
        } catch {
            await pool.shutdown()
            try? await DatabaseProvisioner.drop(name, maintenanceURL: devStack.maintenanceURL)
            throw error
        }
    }

    /// A folder under the system's temporary folder, unique to the caller, removed when the test
    /// process exits (``TemporaryFolders``).
    public static func temporaryFolder(_ prefix: String) -> String {
        let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        // PostgreSQL runs as `postgres` when tests run as root: let it in.
        chmod(path, 0o777)
        TemporaryFolders.remember(path)
        return path
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago, never handed out twice by this process.
    /// It comes from below the kernel's ephemeral range: a port the kernel picked (bind to port 0)
    /// can be taken as the source port of any outgoing connection before the server under test
    /// binds it, which a CI run saw ("Address already in use") while other suites made thousands of
    /// connections.
    public static func freePort() -> Int {
        let ephemeralStart = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))
            .flatMap { $0.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } } ?? 32768
        let candidates = 10_000..<max(10_001, min(ephemeralStart, 32768))
        while true {
            let port = Int.random(in: candidates)
            guard handedOutPorts.withLock({ $0.insert(port).inserted }), isFree(port) else { continue }
            return port
        }
    }

    private static let handedOutPorts = Mutex<Set<Int>>([])

    /// Whether a listening socket can bind `port` on 127.0.0.1 now.
    private static func isFree(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A private Redis server on a free port, stopped and removed after `body`.
    public static func withPrivateRedis<Result: Sendable>(
        role: RedisServer.Role = .cache(maxMemory: "64mb"),
        _ body: (RedisServer) async throws -> Result
    ) async throws -> Result {
        let server = RedisServer(port: freePort(), directory: temporaryFolder("connect-redis"), role: role)
        try await server.start()
        do {
            let result = try await body(server)
            try? await server.stop()
            try? FileManager.default.removeItem(atPath: server.directory)
            return result
        } catch {
            try? await server.stop()
            throw error
        }
    }

    /// A private PostgreSQL cluster on a free port (for restart tests), removed after `body`.
    public static func withPrivatePostgres<Result: Sendable>(
        _ body: (PostgresServer) async throws -> Result
    ) async throws -> Result {
        let folder = temporaryFolder("connect-pg")
        let server = PostgresServer(dataDirectory: folder + "/data", port: freePort())
        try await server.initialize()
        try await server.start()
        do {
            let result = try await body(server)
            try? await server.stop()
            try? FileManager.default.removeItem(atPath: folder)
            return result
        } catch {
            try? await server.stop()
            throw error
        }
    }
}

/// Runs an async set-up once per process; later callers wait for the first run.
final class StartOnce: Sendable {
    private let task = Mutex<Task<Void, any Error>?>(nil)

    func run(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let running = task.withLock { current in
            if let current { return current }
            let started = Task { try await body() }
            current = started
            return started
        }
        try await running.value
    }
}
