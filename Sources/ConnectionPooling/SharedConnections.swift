import NIOCore
import NIOPosix
import Synchronization

/// A connection many callers use at once (requests pipelined on it), which a pool can also lend
/// to one caller alone.
public protocol PipelinedConnection: AnyObject, Sendable {
    /// Requests sent on it and not answered yet.
    var requestsInFlight: Int { get }
    /// Whether its server connection is open.
    var isOpen: Bool { get }
}

/// The fixed set of connections of a pipelining pool (Redis, PostgreSQL) and who holds them.
///
/// ``acquire(exclusive:)`` with `exclusive: false` hands out a connection that stays in the
/// rotation (callers pipeline on it); with `exclusive: true` it lends one to the caller alone
/// until ``release(_:)``. The choice: an open connection with nothing in flight, then one not
/// opened yet, then the least busy, each plus the pool's own `penalty`. When every connection
/// is lent, callers wait (``PoolWaiters``) up to the acquire timeout and then get
/// ``ConnectionPoolError/acquireTimeout(pool:waited:)``.
public final class SharedConnections<Connection: PipelinedConnection>: Sendable {
    /// Extra score for a connection (lower is chosen first), given the event loop the caller
    /// runs on (`nil` when it runs on none, or when a returned connection serves the waiters).
    public typealias Penalty = @Sendable (Connection, _ callerLoop: (any EventLoop)?) -> Int

    public let connections: [Connection]
    private let label: String
    private let acquireTimeout: Duration
    private let timerLoop: any EventLoop
    private let penalty: Penalty
    private let observer: (any PoolObserver)?
    private let state: Mutex<State>

    /// Callers waiting while every connection is lent; the demand is whether one wants it alone.
    private typealias Waiters = PoolWaiters<Connection, Bool>

    private enum Choice {
        case use(Int)
        case wait(UInt64)
    }

    private struct State: ~Copyable {
        var lent: [Bool]
        var waiters = Waiters()
        var isShutdown = false
    }

    /// - Parameter observer: told how long each caller waited for a connection, if given.
    public init(
        _ connections: [Connection], label: String, acquireTimeout: Duration, timerLoop: any EventLoop,
        observer: (any PoolObserver)? = nil, penalty: @escaping Penalty = { _, _ in 0 }
    ) {
        self.observer = observer
        self.connections = connections
        self.label = label
        self.acquireTimeout = acquireTimeout
        self.timerLoop = timerLoop
        self.penalty = penalty
        self.state = Mutex(State(lent: Array(repeating: false, count: connections.count)))
    }

    /// A connection to send on (`exclusive: false`) or one lent alone (`exclusive: true`, give
    /// it back with ``release(_:)``).
    public func acquire(exclusive: Bool) async throws -> Connection {
        let current = MultiThreadedEventLoopGroup.currentEventLoop
        let choice = try state.withLock { state -> Choice in
            if state.isShutdown { throw ConnectionPoolError.shutdown(pool: label) }
            guard let index = choose(state.lent, callerLoop: current) else { return .wait(state.waiters.reserveID()) }
            if exclusive { state.lent[index] = true }
            return .use(index)
        }
        switch choice {
        case .use(let index):
            observer?.acquired(after: .zero)
            return connections[index]
        case .wait(let id):
            let waitStart = ContinuousClock.now
            defer { observer?.acquired(after: ContinuousClock.now - waitStart) }
            return try await Waiters.wait(
                id: id, timeout: acquireTimeout, label: label, timerLoop: timerLoop,
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

    /// Takes a lent connection back and serves the callers waiting.
    public func release(_ connection: Connection) {
        guard let index = connections.firstIndex(where: { $0 === connection }) else { return }
        state.withLock { $0.lent[index] = false }
        serveWaiters()
    }

    /// Refuses later callers and fails the waiting ones with ``ConnectionPoolError/shutdown(pool:)``.
    /// Returns whether it had been shut down already.
    @discardableResult
    public func shutdown() -> Bool {
        let (waiters, wasShutdown) = state.withLock { state -> ([Waiters.Waiter], Bool) in
            defer { state.isShutdown = true }
            return (state.waiters.removeAll(), state.isShutdown)
        }
        for waiter in waiters { waiter.resume(with: .failure(ConnectionPoolError.shutdown(pool: label))) }
        return wasShutdown
    }

    /// Occupancy, for metrics: a connection is in use while it is lent or has requests in flight.
    public var statistics: ConnectionPoolStatistics {
        let (lent, waiters) = state.withLock { ($0.lent, $0.waiters.count) }
        var open = 0
        var inUse = 0
        for (index, connection) in connections.enumerated() {
            if connection.isOpen { open += 1 }
            if lent[index] || connection.requestsInFlight > 0 { inUse += 1 }
        }
        return ConnectionPoolStatistics(
            open: open, inUse: inUse, idle: max(open - inUse, 0), waiters: waiters, maximum: connections.count)
    }

    /// The connection to use among those not lent: an open one with nothing in flight, then one
    /// not opened yet, then the least busy, each with the pool's penalty added.
    private func choose(_ lent: [Bool], callerLoop: (any EventLoop)?) -> Int? {
        var best: Int?
        var bestScore = Int.max
        // Indices, not `enumerated()`: this class is generic and called unspecialized from the
        // pools' modules, where the enumerated sequence and its tuples cost a metadata lookup
        // each per call (3–4 % of a cached read's samples).
        for index in 0..<connections.count where !lent[index] {
            let connection = connections[index]
            let inFlight = connection.requestsInFlight
            let score = (inFlight == 0 ? (connection.isOpen ? 0 : 1) : 2 + inFlight) + penalty(connection, callerLoop)
            if score < bestScore {
                best = index
                bestScore = score
                if score == 0 { break }
            }
        }
        return best
    }

    /// Hands connections not lent to the callers waiting, oldest first, for as long as there are
    /// both: a shared caller is given one and leaves it in the rotation, a caller that wants one
    /// alone is lent it.
    private func serveWaiters() {
        let handoffs = state.withLock { state -> [(Waiters.Waiter, Connection)] in
            var handoffs: [(Waiters.Waiter, Connection)] = []
            while !state.waiters.isEmpty, let index = choose(state.lent, callerLoop: nil), let waiter = state.waiters.popOldest() {
                if waiter.demand { state.lent[index] = true }
                handoffs.append((waiter, connections[index]))
            }
            return handoffs
        }
        for (waiter, connection) in handoffs { waiter.resume(with: .success(connection)) }
    }
}
