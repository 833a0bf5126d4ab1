import ConnectionPooling
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A bounded pool of hiredis connections to one Redis server.
///
/// Run it as a `Service` (it closes its connections on graceful shutdown) or call ``shutdown()``.
public final class RedisPool: Service, Sendable {
    public let configuration: RedisConfiguration
    private let pool: ConnectionPool<HiredisConnection>
    private let logger: Logger

    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "redis")
    ) {
        _ = ignoreSIGPIPE
        self.configuration = configuration
        self.logger = logger
        self.pool = ConnectionPool(
            configuration: .init(
                maximumConnections: configuration.poolSize,
                acquireTimeout: configuration.acquireTimeout,
                label: configuration.label),
            eventLoopGroup: eventLoopGroup
        ) {
            try HiredisConnection(configuration: configuration)
        }
    }

    /// Lends a connection to `body`; it goes back to the pool when `body` returns or throws.
    public func withConnection<Result: Sendable>(
        _ body: (RedisConnection) async throws -> Result
    ) async throws -> Result {
        let pool = self.pool
        return try await pool.withConnection { connection in
            connection.checkBeforeUse = true
            return try await body(RedisConnection(connection: connection, pool: pool))
        }
    }

    /// Sends one command on any free connection; an error reply throws.
    @discardableResult
    public func command(_ name: String, _ arguments: any RedisArgument...) async throws -> RESPValue {
        let command: [any RedisArgument] = [name] + arguments
        return try await withConnection { try await $0.command(command) }
    }

    /// Sends many commands in one round trip on one connection; replies come back in order.
    public func pipeline(_ commands: [[any RedisArgument]]) async throws -> [RESPValue] {
        try await withConnection { try await $0.pipeline(commands) }
    }

    /// Pool occupancy, for metrics.
    public var statistics: ConnectionPoolStatistics { pool.statistics }

    /// Closes every connection and stops the pool's threads.
    public func shutdown() async {
        await pool.shutdown()
    }

    /// Waits for graceful shutdown, then closes the pool.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
        logger.debug("redis pool closed", metadata: ["pool": "\(configuration.label)"])
    }
}

/// hiredis writes with `write()`, which raises SIGPIPE when the server has gone; the default
/// action would kill the process, so the first pool created ignores it, once.
private let ignoreSIGPIPE: Void = {
    signal(SIGPIPE, SIG_IGN)
}()
