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

    private struct Waiter {
        var continuation: CheckedContinuation<RedisChannelConnection, any Error>
        var exclusive: Bool
        var timeout: Scheduled<Void>?
    }

    private struct State: ~Copyable {
        var lent: [Bool]
        var waiters: [UInt64: Waiter] = [:]
        var waiterOrder: [UInt64] = []
        var nextWaiterID: UInt64 = 0
        var isShutdown = false

        mutating func popWaiter() -> Waiter? {
            while !waiterOrder.isEmpty {
                if let waiter = waiters.removeValue(forKey: waiterOrder.removeFirst()) { return waiter }
            }
            return nil
        }
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
        let waiters = state.withLock { state -> [Waiter] in
            state.isShutdown = true
            var waiters: [Waiter] = []
            while let waiter = state.popWaiter() { waiters.append(waiter) }
            return waiters
        }
        for waiter in waiters {
            waiter.timeout?.cancel()
            waiter.continuation.resume(throwing: ConnectionPoolError.shutdown(pool: configuration.label))
        }
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
        let chosen = try state.withLock { state -> Int? in
            if state.isShutdown { throw ConnectionPoolError.shutdown(pool: configuration.label) }
            guard let index = choose(state.lent, preferring: current) else { return nil }
            if exclusive { state.lent[index] = true }
            return index
        }
        if let chosen { return connections[chosen] }
        return try await wait(exclusive: exclusive)
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

    private func wait(exclusive: Bool) async throws -> RedisChannelConnection {
        let label = configuration.label
        let waited = configuration.acquireTimeout
        return try await withCheckedThrowingContinuation { continuation in
            let id = state.withLock { state -> UInt64 in
                let id = state.nextWaiterID
                state.nextWaiterID += 1
                state.waiters[id] = Waiter(continuation: continuation, exclusive: exclusive, timeout: nil)
                state.waiterOrder.append(id)
                return id
            }
            let timeout = timerLoop.scheduleTask(in: TimeAmount(waited)) { [self] in
                let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
                waiter?.continuation.resume(throwing: ConnectionPoolError.acquireTimeout(pool: label, waited: waited))
            }
            state.withLock { state in
                if state.waiters[id] != nil { state.waiters[id]?.timeout = timeout } else { timeout.cancel() }
            }
        }
    }

    /// Takes a lent connection back and hands it to the callers waiting, oldest first: shared
    /// ones up to the first that wants it alone.
    private func release(_ connection: RedisChannelConnection) {
        guard let index = connections.firstIndex(where: { $0 === connection }) else { return }
        let resumed = state.withLock { state -> [Waiter] in
            state.lent[index] = false
            var resumed: [Waiter] = []
            while let waiter = state.popWaiter() {
                resumed.append(waiter)
                if waiter.exclusive {
                    state.lent[index] = true
                    break
                }
            }
            return resumed
        }
        for waiter in resumed {
            waiter.timeout?.cancel()
            waiter.continuation.resume(returning: connection)
        }
    }
}
