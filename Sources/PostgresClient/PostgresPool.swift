import ConnectionPooling
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A bounded pool of libpq connections; the application's handle to PostgreSQL.
///
/// Run it as a `Service` (it closes its connections on graceful shutdown) or call ``shutdown()``.
public final class PostgresPool: Service, Sendable {
    public let configuration: PostgresConfiguration
    private let pool: ConnectionPool<LibPQConnection>
    private let logger: Logger

    public init(
        configuration: PostgresConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "postgres")
    ) {
        self.configuration = configuration
        self.logger = logger
        self.pool = ConnectionPool(
            configuration: .init(
                maximumConnections: configuration.poolSize,
                acquireTimeout: configuration.acquireTimeout,
                label: "postgres"),
            eventLoopGroup: eventLoopGroup
        ) {
            try LibPQConnection(configuration: configuration)
        }
    }

    /// Lends a connection to `body`; it goes back to the pool when `body` returns or throws.
    public func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let pool = self.pool
        return try await pool.withConnection { connection in
            connection.checkBeforeUse = true
            let lent = PostgresConnection(connection: connection, pool: pool)
            do {
                let result = try await body(lent)
                if lent.isInTransaction { _ = try? await lent.query("ROLLBACK") }
                return result
            } catch {
                if lent.isInTransaction { _ = try? await lent.query("ROLLBACK") }
                throw error
            }
        }
    }

    /// Runs one statement on any free connection.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresQueryResult {
        try await withConnection { try await $0.query(query) }
    }

    /// Runs `body` inside `BEGIN … COMMIT`; any error rolls the whole transaction back.
    @discardableResult
    public func withTransaction<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.query("BEGIN")
            do {
                let result = try await body(connection)
                try await connection.query("COMMIT")
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK")
                throw error
            }
        }
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
        logger.debug("postgres pool closed")
    }
}
