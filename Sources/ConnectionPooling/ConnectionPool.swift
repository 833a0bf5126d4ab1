import NIOCore
import NIOPosix
import Synchronization

/// A bounded pool of blocking connections that owns the threads their calls run on.
///
/// The pool opens connections lazily up to ``ConnectionPoolConfiguration/maximumConnections``,
/// lends each to one borrower at a time, queues further borrowers until a connection is returned
/// or the acquire timeout passes, and runs every blocking call on its own `NIOThreadPool` (one
/// thread per connection), so neither NIO event loops nor the Swift cooperative pool ever block.
public final class ConnectionPool<Connection: PoolableConnection>: Sendable {
    /// Opens a new connection. Runs on a pool thread; may block.
    public typealias Factory = @Sendable () throws -> Connection

    public let configuration: ConnectionPoolConfiguration
    private let factory: Factory
    private let threadPool: NIOThreadPool
    private let timerLoop: any EventLoop
    private let state: Mutex<State>

    /// What a waiting borrower is handed.
    private enum Grant: Sendable {
        case connection(Connection)
        /// A slot under the bound: the borrower opens the connection itself.
        case slot
    }

    private typealias Waiters = PoolWaiters<Grant, Void>

    private struct State: ~Copyable {
        var idle: [Connection] = []
        var open = 0
        var inUse = 0
        var waiters = Waiters()
        var isShutdown = false
    }

    /// Creates a pool and starts its threads.
    /// - Parameters:
    ///   - configuration: bound, acquire timeout and label.
    ///   - eventLoopGroup: where acquire timeouts are scheduled (never blocked).
    ///   - factory: opens one connection; runs on a pool thread.
    public init(
        configuration: ConnectionPoolConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        factory: @escaping Factory
    ) {
        self.configuration = configuration
        self.factory = factory
        self.threadPool = NIOThreadPool(numberOfThreads: configuration.maximumConnections)
        self.threadPool.start()
        self.timerLoop = eventLoopGroup.any()
        self.state = Mutex(State())
    }

    /// Current occupancy.
    public var statistics: ConnectionPoolStatistics {
        state.withLock {
            ConnectionPoolStatistics(
                open: $0.open, inUse: $0.inUse, idle: $0.idle.count, waiters: $0.waiters.count,
                maximum: configuration.maximumConnections)
        }
    }

    /// Lends a connection to `body` and takes it back afterwards, whatever `body` does.
    ///
    /// Throws ``ConnectionPoolError/acquireTimeout(pool:waited:)`` when no connection frees up in
    /// time, or the factory's error when a new connection cannot be opened.
    public func withConnection<Result: Sendable>(
        _ body: (Connection) async throws -> Result
    ) async throws -> Result {
        let connection = try await lease()
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(try await body(connection))
        } catch {
            result = .failure(error)
        }
        if release(connection) {
            // The pool shut down meanwhile: close the connection on a pool thread while they last.
            _ = try? await threadPool.runIfActive { connection.close() }
        }
        return try result.get()
    }

    /// Runs a blocking call on one of the pool's threads.
    ///
    /// Callers use it on a connection they hold, so at most one call per connection is in flight
    /// and the pool's threads (one per connection) never queue behind one another.
    public func runBlocking<Result: Sendable>(
        _ body: @escaping @Sendable () throws -> Result
    ) async throws -> Result {
        do {
            return try await threadPool.runIfActive(body)
        } catch is NIOThreadPoolError.ThreadPoolInactive {
            throw ConnectionPoolError.shutdown(pool: configuration.label)
        }
    }

    /// Closes idle connections, fails queued borrowers and stops the threads once the lent
    /// connections are back. Safe to call more than once.
    public func shutdown() async {
        let (idle, waiters) = state.withLock { state -> ([Connection], [Waiters.Waiter]) in
            state.isShutdown = true
            let idle = state.idle
            state.open -= idle.count
            state.idle.removeAll()
            return (idle, state.waiters.removeAll())
        }
        for waiter in waiters { waiter.resume(with: .failure(ConnectionPoolError.shutdown(pool: configuration.label))) }
        if !idle.isEmpty {
            _ = try? await threadPool.runIfActive { for connection in idle { connection.close() } }
        }
        // Lent connections are closed as they come back; give them a bounded time to do so.
        let deadline = ContinuousClock.now + .seconds(10)
        while state.withLock({ $0.inUse }) > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        try? await threadPool.shutdownGracefully()
    }

    // MARK: - Lending

    private enum Acquisition {
        case ready(Connection)
        case open
        case wait(UInt64)
    }

    private func lease() async throws -> Connection {
        let acquisition = try state.withLock { state -> Acquisition in
            if state.isShutdown { throw ConnectionPoolError.shutdown(pool: configuration.label) }
            if let connection = state.idle.popLast() {
                state.inUse += 1
                return .ready(connection)
            }
            if state.open < configuration.maximumConnections {
                state.open += 1
                state.inUse += 1
                return .open
            }
            return .wait(state.waiters.reserveID())
        }
        switch acquisition {
        case .ready(let connection):
            return connection
        case .open:
            return try await openConnection()
        case .wait(let id):
            switch try await wait(id: id) {
            case .connection(let connection): return connection
            case .slot: return try await openConnection()
            }
        }
    }

    /// Opens a connection in a slot already counted as open and in use; gives the slot back on failure.
    private func openConnection() async throws -> Connection {
        do {
            return try await runBlocking(factory)
        } catch {
            releaseSlot()
            throw error
        }
    }

    private func wait(id: UInt64) async throws -> Grant {
        try await Waiters.wait(
            id: id, timeout: configuration.acquireTimeout, label: configuration.label, timerLoop: timerLoop,
            enqueue: { continuation in
                state.withLock { state in
                    if state.isShutdown { return false }
                    state.waiters.enqueue(id, continuation, demand: ())
                    return true
                }
            },
            // A connection may have come back between the first look and the enqueue.
            serve: serveWaiters,
            remove: { [self] id in state.withLock { $0.waiters.remove(id) } },
            attach: { timeout, id in state.withLock { $0.waiters.attach(timeout, to: id) } })
    }

    /// Hands idle connections or free slots to queued borrowers, oldest first.
    private func serveWaiters() {
        while true {
            let handoff = state.withLock { state -> (Waiters.Waiter, Grant)? in
                guard !state.waiters.isEmpty else { return nil }
                if let connection = state.idle.last {
                    guard let waiter = state.waiters.popOldest() else { return nil }
                    state.idle.removeLast()
                    state.inUse += 1
                    return (waiter, .connection(connection))
                }
                if state.open < configuration.maximumConnections {
                    guard let waiter = state.waiters.popOldest() else { return nil }
                    state.open += 1
                    state.inUse += 1
                    return (waiter, .slot)
                }
                return nil
            }
            guard let (waiter, grant) = handoff else { return }
            waiter.resume(with: .success(grant))
        }
    }

    /// Takes a connection back: to the next waiter or the idle list. Returns `true` when the pool
    /// has shut down and the caller must close the connection.
    private func release(_ connection: Connection) -> Bool {
        let handoff = state.withLock { state -> (Waiters.Waiter?, Bool) in
            if state.isShutdown {
                state.inUse -= 1
                state.open -= 1
                return (nil, true)
            }
            if let waiter = state.waiters.popOldest() {
                return (waiter, false)
            }
            state.inUse -= 1
            state.idle.append(connection)
            return (nil, false)
        }
        handoff.0?.resume(with: .success(.connection(connection)))
        return handoff.1
    }

    /// Gives back a slot whose connection could not be opened, so a waiter can try in turn.
    private func releaseSlot() {
        state.withLock { state in
            state.open -= 1
            state.inUse -= 1
        }
        serveWaiters()
    }
}
