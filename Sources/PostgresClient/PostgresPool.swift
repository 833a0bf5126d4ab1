import ConnectionPooling
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A fixed set of pipelined libpq connections; the application's handle to PostgreSQL.
///
/// ``query(_:)`` shares the connections: each statement goes to the least busy one and any
/// number are in flight on a connection at once, answered in order. ``withConnection(_:)`` and
/// ``withTransaction(_:)`` lend a connection to one caller alone. When every connection is lent,
/// callers wait up to the acquire timeout and then get
/// ``ConnectionPoolError/acquireTimeout(pool:waited:)``. One I/O thread watches all the
/// connections' sockets (``PostgresIOThread``); a helper thread opens connections and sends
/// cancel requests, the two things libpq only does blocking.
///
/// Run it as a `Service` (it closes its connections on graceful shutdown) or call ``shutdown()``.
public final class PostgresPool: Service, Sendable {
    public let configuration: PostgresConfiguration
    private let shared: SharedConnections<LibPQConnection>
    private let ioThread: PostgresIOThread
    private let helpers: NIOThreadPool
    private let logger: Logger

    public init(
        configuration: PostgresConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "postgres")
    ) {
        self.configuration = configuration
        self.logger = logger
        let ioThread = PostgresIOThread()
        let helpers = NIOThreadPool(numberOfThreads: 2)
        helpers.start()
        self.ioThread = ioThread
        self.helpers = helpers
        let connections = (0..<max(configuration.poolSize, 1)).map { _ in
            LibPQConnection(configuration: configuration, ioThread: ioThread, helpers: helpers)
        }
        // A connection with a cancel on its way comes last: the cancel could hit what is sent next.
        self.shared = SharedConnections(
            connections, label: "postgres", acquireTimeout: configuration.acquireTimeout, timerLoop: eventLoopGroup.any(),
            observer: configuration.observer
        ) { connection, _ in
            connection.requestsInFlight > 0 && connection.isCancelling ? 1 << 20 : 0
        }
        ioThread.start(watching: connections)
    }

    /// Lends a connection to `body` alone; it goes back to the pool when `body` returns or
    /// throws, after a transaction left open is rolled back.
    public func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await shared.acquire(exclusive: true)
        defer { shared.release(connection) }
        let lent = PostgresConnection(connection: connection)
        do {
            let result = try await body(lent)
            if lent.isInTransaction { _ = try? await lent.query("ROLLBACK") }
            return result
        } catch {
            if lent.isInTransaction { _ = try? await lent.query("ROLLBACK") }
            throw error
        }
    }

    /// Runs one statement on a shared connection.
    /// - Parameter timeout: longest wait for the reply; by default the statement timeout plus a
    ///   grace period.
    @discardableResult
    public func query(_ query: PostgresQuery, timeout: Duration? = nil) async throws -> PostgresQueryResult {
        let connection = try await shared.acquire(exclusive: false)
        return try await connection.run(.statement(query), timeout: timeout)
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

    /// Occupancy, for metrics: a connection is in use while it is lent or has statements in flight.
    public var statistics: ConnectionPoolStatistics { shared.statistics }

    /// Closes every connection and stops the pool's threads; waiting and later callers get
    /// ``ConnectionPoolError/shutdown(pool:)``. Safe to call more than once.
    public func shutdown() async {
        guard !shared.shutdown() else { return }
        for connection in shared.connections { connection.shutdown() }
        // Opens and cancels in progress finish first: an open wakes the I/O thread when done.
        try? await helpers.shutdownGracefully()
        await ioThread.stop()
    }

    /// Waits for graceful shutdown, then closes the pool.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
        logger.debug("postgres pool closed")
    }
}
