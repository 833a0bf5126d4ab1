import ConnectionPooling
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

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
    private let connections: [LibPQConnection]
    private let ioThread: PostgresIOThread
    private let helpers: NIOThreadPool
    private let timerLoop: any EventLoop
    private let state: Mutex<State>
    private let logger: Logger
    private let label = "postgres"

    /// Callers waiting while every connection is lent; the demand is whether one wants it alone.
    private typealias Waiters = PoolWaiters<LibPQConnection, Bool>

    private struct State: ~Copyable {
        var lent: [Bool]
        var waiters = Waiters()
        var isShutdown = false
    }

    public init(
        configuration: PostgresConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "postgres")
    ) {
        self.configuration = configuration
        self.logger = logger
        self.timerLoop = eventLoopGroup.any()
        let ioThread = PostgresIOThread()
        let helpers = NIOThreadPool(numberOfThreads: 2)
        helpers.start()
        self.ioThread = ioThread
        self.helpers = helpers
        self.connections = (0..<max(configuration.poolSize, 1)).map { _ in
            LibPQConnection(configuration: configuration, ioThread: ioThread, helpers: helpers)
        }
        self.state = Mutex(State(lent: Array(repeating: false, count: connections.count)))
        ioThread.start(watching: connections)
    }

    /// Lends a connection to `body` alone; it goes back to the pool when `body` returns or
    /// throws, after a transaction left open is rolled back.
    public func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await acquire(exclusive: true)
        defer { release(connection) }
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
        let connection = try await acquire(exclusive: false)
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
    public var statistics: ConnectionPoolStatistics {
        let (lent, waiters) = state.withLock { ($0.lent, $0.waiters.count) }
        var open = 0
        var inUse = 0
        for (index, connection) in connections.enumerated() {
            if connection.isOpen { open += 1 }
            if lent[index] || connection.inFlight.load(ordering: .relaxed) > 0 { inUse += 1 }
        }
        return ConnectionPoolStatistics(
            open: open, inUse: inUse, idle: max(open - inUse, 0), waiters: waiters, maximum: connections.count)
    }

    /// Closes every connection and stops the pool's threads; waiting and later callers get
    /// ``ConnectionPoolError/shutdown(pool:)``. Safe to call more than once.
    public func shutdown() async {
        let (waiters, wasShutdown) = state.withLock { state -> ([Waiters.Waiter], Bool) in
            defer { state.isShutdown = true }
            return (state.waiters.removeAll(), state.isShutdown)
        }
        for waiter in waiters { waiter.resume(with: .failure(ConnectionPoolError.shutdown(pool: label))) }
        guard !wasShutdown else { return }
        for connection in connections { connection.shutdown() }
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

    // MARK: - Choosing a connection

    private func acquire(exclusive: Bool) async throws -> LibPQConnection {
        enum Choice {
            case use(Int)
            case wait(UInt64)
        }
        let choice = try state.withLock { state -> Choice in
            if state.isShutdown { throw ConnectionPoolError.shutdown(pool: label) }
            guard let index = choose(state.lent) else { return .wait(state.waiters.reserveID()) }
            if exclusive { state.lent[index] = true }
            return .use(index)
        }
        switch choice {
        case .use(let index):
            return connections[index]
        case .wait(let id):
            return try await Waiters.wait(
                id: id, timeout: configuration.acquireTimeout, label: label, timerLoop: timerLoop,
                enqueue: { continuation in
                    state.withLock { state in
                        if state.isShutdown { return false }
                        state.waiters.enqueue(id, continuation, demand: exclusive)
                        return true
                    }
                },
                // A connection may have come back between the first look and the enqueue.
                serve: serveWaiters,
                remove: { [self] id in state.withLock { $0.waiters.remove(id) } },
                attach: { timeout, id in state.withLock { $0.waiters.attach(timeout, to: id) } })
        }
    }

    /// The connection to use among those not lent: an open one with nothing in flight, then
    /// one not opened yet, then the least busy; one with a cancel on its way comes last.
    private func choose(_ lent: [Bool]) -> Int? {
        var best: Int?
        var bestScore = Int.max
        for (index, connection) in connections.enumerated() where !lent[index] {
            let inFlight = connection.inFlight.load(ordering: .relaxed)
            var score = inFlight == 0 ? (connection.isOpen ? 0 : 1) : 2 + inFlight
            if inFlight > 0, connection.isCancelling { score += 1 << 20 }
            if score < bestScore {
                best = index
                bestScore = score
                if score == 0 { break }
            }
        }
        return best
    }

    /// Takes a lent connection back and serves the callers waiting.
    private func release(_ connection: LibPQConnection) {
        guard let index = connections.firstIndex(where: { $0 === connection }) else { return }
        state.withLock { $0.lent[index] = false }
        serveWaiters()
    }

    /// Hands connections not lent to the callers waiting, oldest first: a shared caller is given
    /// one and leaves it in the rotation, a caller that wants one alone is lent it.
    private func serveWaiters() {
        let handoffs = state.withLock { state -> [(Waiters.Waiter, LibPQConnection)] in
            var handoffs: [(Waiters.Waiter, LibPQConnection)] = []
            while !state.waiters.isEmpty, let index = choose(state.lent), let waiter = state.waiters.popOldest() {
                if waiter.demand { state.lent[index] = true }
                handoffs.append((waiter, connections[index]))
            }
            return handoffs
        }
        for (waiter, connection) in handoffs { waiter.resume(with: .success(connection)) }
    }
}
