import ConnectionPooling
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

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
    private let connections: [RedisChannelConnection]
    private let timerLoop: any EventLoop
    private let state: Mutex<State>
    private let logger: Logger

    /// Callers waiting while every connection is lent; the demand is whether one wants it alone.
    private typealias Waiters = PoolWaiters<RedisChannelConnection, Bool>

    private struct State: ~Copyable {
        var lent: [Bool]
        var waiters = Waiters()
        var isShutdown = false
    }

    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "redis")
    ) {
        self.configuration = configuration
        self.logger = logger
        self.timerLoop = eventLoopGroup.any()
        if let address = RedisAddress(url: configuration.url) {
            let loops = Array(eventLoopGroup.makeIterator())
            self.connections = (0..<max(configuration.poolSize, 1)).map { index in
                RedisChannelConnection(address: address, configuration: configuration, eventLoop: loops[index % loops.count])
            }
        } else {
            self.connections = []
        }
        self.state = Mutex(State(lent: Array(repeating: false, count: connections.count)))
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
        return try await connection.send(arguments, timeout: timeout).throwingServerError()
    }

    /// Sends many commands in one write on one connection; replies come back in order, error
    /// replies as ``RESPValue/error(_:)`` in their place.
    public func pipeline(_ commands: [[any RedisArgument]]) async throws -> [RESPValue] {
        let connection = try await acquire(exclusive: false)
        return try await connection.send(pipeline: commands, timeout: nil)
    }

    /// Occupancy, for metrics: a connection is in use while it is lent or has commands in flight.
    public var statistics: ConnectionPoolStatistics {
        let (lent, waiters) = state.withLock { ($0.lent, $0.waiters.count) }
        var open = 0
        var inUse = 0
        for (index, connection) in connections.enumerated() {
            let isOpen = connection.isOpen
            if isOpen { open += 1 }
            if lent[index] || connection.inFlight.load(ordering: .relaxed) > 0 { inUse += 1 }
        }
        return ConnectionPoolStatistics(
            open: open, inUse: inUse, idle: max(open - inUse, 0), waiters: waiters, maximum: connections.count)
    }

    /// Closes every connection; waiting and later callers get ``ConnectionPoolError/shutdown(pool:)``.
    public func shutdown() async {
        let waiters = state.withLock { state -> [Waiters.Waiter] in
            state.isShutdown = true
            return state.waiters.removeAll()
        }
        for waiter in waiters { waiter.resume(with: .failure(ConnectionPoolError.shutdown(pool: configuration.label))) }
        for connection in connections { await connection.shutdown() }
    }

    /// Waits for graceful shutdown, then closes the pool.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
        logger.debug("redis pool closed", metadata: ["pool": "\(configuration.label)"])
    }

    // MARK: - Choosing a connection

    private func acquire(exclusive: Bool) async throws -> RedisChannelConnection {
        guard !connections.isEmpty else {
            throw RedisError(code: .configuration, message: "not a redis:// URL: \(configuration.url)")
        }
        let current = MultiThreadedEventLoopGroup.currentEventLoop
        enum Choice {
            case use(Int)
            case wait(UInt64)
        }
        let choice = try state.withLock { state -> Choice in
            if state.isShutdown { throw ConnectionPoolError.shutdown(pool: configuration.label) }
            guard let index = choose(state.lent, preferring: current) else { return .wait(state.waiters.reserveID()) }
            if exclusive { state.lent[index] = true }
            return .use(index)
        }
        switch choice {
        case .use(let index):
            return connections[index]
        case .wait(let id):
            return try await Waiters.wait(
                id: id, timeout: configuration.acquireTimeout, label: configuration.label, timerLoop: timerLoop,
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

    /// The connection to use among those not lent: on the caller's event loop if it has one,
    /// then an open one with nothing in flight, then one not opened yet, then the least busy.
    private func choose(_ lent: [Bool], preferring current: (any EventLoop)?) -> Int? {
        var best: Int?
        var bestScore = Int.max
        for (index, connection) in connections.enumerated() where !lent[index] {
            let inFlight = connection.inFlight.load(ordering: .relaxed)
            var score = inFlight == 0 ? (connection.isOpen ? 0 : 1) : 2 + inFlight
            if let current, connection.eventLoop !== current { score += 1 << 20 }
            if score < bestScore {
                best = index
                bestScore = score
                if score == 0 { break }
            }
        }
        return best
    }

    /// Takes a lent connection back and serves the callers waiting.
    private func release(_ connection: RedisChannelConnection) {
        guard let index = connections.firstIndex(where: { $0 === connection }) else { return }
        state.withLock { $0.lent[index] = false }
        serveWaiters()
    }

    /// Hands connections not lent to the callers waiting, oldest first, for as long as there are
    /// both: a shared caller is given one and leaves it in the rotation, a caller that wants one
    /// alone is lent it.
    private func serveWaiters() {
        let handoffs = state.withLock { state -> [(Waiters.Waiter, RedisChannelConnection)] in
            var handoffs: [(Waiters.Waiter, RedisChannelConnection)] = []
            while !state.waiters.isEmpty, let index = choose(state.lent, preferring: nil), let waiter = state.waiters.popOldest() {
                if waiter.demand { state.lent[index] = true }
                handoffs.append((waiter, connections[index]))
            }
            return handoffs
        }
        for (waiter, connection) in handoffs { waiter.resume(with: .success(connection)) }
    }
}
