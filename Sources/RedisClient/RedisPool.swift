import ConnectionPooling
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A fixed set of pipelined connections to one Redis server, driven by NIO event loops.
///
/// ``command(_:_:)`` and ``pipeline(_:)`` share the connections: each goes to the least busy
/// one, preferring a connection on the caller's own event loop, and any number are in flight on
/// a connection at once. ``withConnection(_:)`` lends a connection to one caller alone (blocking
/// commands, transactions); ``command(_:_:)`` does that by itself for commands that block
/// (``RedisBlockingCommand``). When every connection is lent, callers wait up to the acquire
/// timeout and then get ``ConnectionPoolError/acquireTimeout(pool:waited:)``.
///
/// Run it as a `Service` (it closes its connections on graceful shutdown) or call ``shutdown()``.
public final class RedisPool: Service, Sendable {
    public let configuration: RedisConfiguration
    private let shared: SharedConnections<RedisChannelConnection>
    private let logger: Logger

    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "redis")
    ) {
        self.configuration = configuration
        self.logger = logger
        let connections: [RedisChannelConnection]
        if let address = RedisAddress(url: configuration.url) {
            let loops = Array(eventLoopGroup.makeIterator())
            connections = (0..<max(configuration.poolSize, 1)).map { index in
                RedisChannelConnection(address: address, configuration: configuration, eventLoop: loops[index % loops.count])
            }
        } else {
            connections = []
        }
        // A connection on the caller's own event loop is preferred: its reply needs no hop.
        self.shared = SharedConnections(
            connections, label: configuration.label, acquireTimeout: configuration.acquireTimeout,
            timerLoop: eventLoopGroup.any(), observer: configuration.observer
        ) { connection, callerLoop in
            if let callerLoop, connection.eventLoop !== callerLoop { return 1 << 20 }
            return 0
        }
    }

    /// Lends a connection to `body` alone; it goes back to the pool when `body` returns or throws.
    public func withConnection<Result: Sendable>(
        _ body: (RedisConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await acquire(exclusive: true)
        defer { release(connection) }
        return try await body(RedisConnection(connection: connection))
    }

    /// Sends one command, e.g. `command("SET", key, value, "EX", 60)`; an error reply throws.
    @discardableResult
    public func command(_ name: String, _ arguments: any RedisArgument...) async throws -> RESPValue {
        try await command([name] + arguments)
    }

    /// Sends one command given as a list of arguments, the command name first.
    /// - Parameter timeout: longest wait for the reply instead of the configured command timeout.
    @discardableResult
    public func command(_ arguments: [any RedisArgument], timeout: Duration? = nil) async throws -> RESPValue {
        if RedisBlockingCommand.blocks(arguments) {
            return try await withConnection { try await $0.command(arguments, timeout: timeout) }
        }
        let connection = try await acquire(exclusive: false)
        // Blocking commands (above) wait for data by design: only these are timed.
        guard let observer = configuration.observer else { return try await connection.send(arguments, timeout: timeout).throwingServerError() }
        return try await observer.instrument(Self.commandName(arguments)) {
            try await connection.send(arguments, timeout: timeout).throwingServerError()
        }
    }

    /// Sends many commands in one write on one connection; replies come back in order, error
    /// replies as ``RESPValue/error(_:)`` in their place.
    public func pipeline(_ commands: [[any RedisArgument]]) async throws -> [RESPValue] {
        let connection = try await acquire(exclusive: false)
        guard let observer = configuration.observer else { return try await connection.send(pipeline: commands, timeout: nil) }
        return try await observer.instrument("PIPELINE " + commands.map(Self.commandName).joined(separator: " ")) {
            try await connection.send(pipeline: commands, timeout: nil)
        }
    }

    /// A command's name for traces: its first argument, never its keys or values.
    private static func commandName(_ arguments: [any RedisArgument]) -> String {
        (arguments.first as? String)?.uppercased() ?? "COMMAND"
    }

    /// Occupancy, for metrics: a connection is in use while it is lent or has commands in flight.
    public var statistics: ConnectionPoolStatistics { shared.statistics }

    /// Closes every connection; waiting and later callers get ``ConnectionPoolError/shutdown(pool:)``.
    public func shutdown() async {
        shared.shutdown()
        for connection in shared.connections { await connection.shutdown() }
    }

    /// Waits for graceful shutdown, then closes the pool.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
        logger.debug("redis pool closed", metadata: ["pool": "\(configuration.label)"])
    }

    // MARK: - Choosing a connection

    private func acquire(exclusive: Bool) async throws -> RedisChannelConnection {
        guard !shared.connections.isEmpty else {
            throw RedisError(code: .configuration, message: "not a redis:// or unix:// URL: \(configuration.url)")
        }
        return try await shared.acquire(exclusive: exclusive)
    }

    private func release(_ connection: RedisChannelConnection) {
        shared.release(connection)
    }
}
