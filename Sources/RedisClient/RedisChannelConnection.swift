import ConnectionPooling
import NIOCore
import NIOPosix
import Synchronization

/// One connection of a ``RedisPool``: a NIO channel to the server on a fixed event loop, opened
/// on first use and opened again on the next command after it broke (a restart, a timeout).
///
/// Commands from any number of callers are pipelined on it; a caller on the channel's own event
/// loop writes without a thread hop, and every reply is read on that loop.
final class RedisChannelConnection: Sendable {
    let eventLoop: any EventLoop
    private let address: RedisAddress
    private let configuration: RedisConfiguration
    private let state = Mutex(State.closed)
    /// Requests written and not answered yet, for the pool's choice and its statistics.
    let inFlight = Atomic<Int>(0)
    /// Requests waiting for the event loop to write them.
    private let outbox = Mutex(Outbox())

    private struct Outbox {
        var requests: [(RedisRequest, any Channel)] = []
        var drainScheduled = false
    }

    private enum State {
        case closed
        case connecting(EventLoopFuture<any Channel>)
        case open(any Channel)
        case shutdown
    }

    init(address: RedisAddress, configuration: RedisConfiguration, eventLoop: any EventLoop) {
        self.address = address
        self.configuration = configuration
        self.eventLoop = eventLoop
    }

    /// Whether a channel is open or being opened.
    var isOpen: Bool {
        state.withLock {
            switch $0 {
            case .open, .connecting: true
            case .closed, .shutdown: false
            }
        }
    }

    /// Sends one command; an error reply comes back as ``RESPValue/error(_:)``.
    func send(_ arguments: [any RedisArgument], timeout: Duration?) async throws -> RESPValue {
        var bytes = ByteBufferAllocator().buffer(capacity: 64)
        RedisCommandEncoding.append(arguments, to: &bytes)
        return try await exchange(bytes, timeout: timeout) { .one($0) }
    }

    /// Sends commands in one write; their replies come back in order.
    func send(pipeline commands: [[any RedisArgument]], timeout: Duration?) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        let bytes = RedisCommandEncoding.encode(commands, allocator: ByteBufferAllocator())
        return try await exchange(bytes, timeout: timeout) { .many($0, count: commands.count) }
    }

    /// Closes the channel for good.
    func shutdown() async {
        let channel: (any Channel)? = state.withLock { state in
            defer { state = .shutdown }
            if case .open(let channel) = state { return channel }
            return nil
        }
        try? await channel?.close()
    }

    /// Queues the request for the event loop and waits for the handler to resume the caller.
    /// A request that found its channel closed before it left (a restart, a timeout just
    /// before) goes out once more on a new connection: it cannot have run.
    private func exchange<Value: Sendable>(
        _ bytes: ByteBuffer, timeout: Duration?, retried: Bool = false,
        _ replies: (UnsafeContinuation<Value, any Error>) -> RedisRequest.Replies
    ) async throws -> Value {
        // One deadline for the whole exchange: a connection still opening counts against it.
        let deadline = NIODeadline.now() + TimeAmount(timeout ?? configuration.commandTimeout)
        let channel = try await channel(by: deadline)
        let request = (bytes: bytes, timeout: max(deadline - .now(), .milliseconds(1)))
        inFlight.add(1, ordering: .relaxed)
        defer { inFlight.subtract(1, ordering: .relaxed) }
        do {
            return try await withUnsafeThrowingContinuation { continuation in
                enqueue(RedisRequest(bytes: request.bytes, replies: replies(continuation), timeout: request.timeout), on: channel)
            }
        } catch is RedisRequestNotSent {
            if retried {
                throw RedisError(code: .connection, message: "\(address.server): connection closed before the command was sent")
            }
            return try await exchange(bytes, timeout: timeout, retried: true, replies)
        }
    }

    private func enqueue(_ request: RedisRequest, on channel: any Channel) {
        let mustSchedule = outbox.withLock { outbox in
            outbox.requests.append((request, channel))
            defer { outbox.drainScheduled = true }
            return !outbox.drainScheduled
        }
        if mustSchedule { eventLoop.execute { self.drainOutbox() } }
    }

    /// Writes every request queued since the last drain, then flushes once: commands issued
    /// together, from any thread, leave in one system call and one event-loop wake-up.
    private func drainOutbox() {
        let requests = outbox.withLock { outbox in
            defer {
                outbox.requests.removeAll(keepingCapacity: true)
                outbox.drainScheduled = false
            }
            return outbox.requests
        }
        var written: (any Channel)?
        for (request, channel) in requests {
            // A closed channel has no handler left to answer the request: it fails here.
            guard channel.isActive else {
                request.replies.fail(RedisRequestNotSent())
                continue
            }
            if let previous = written, previous !== channel { previous.flush() }
            channel.write(request, promise: nil)
            written = channel
        }
        written?.flush()
    }

    // MARK: - Connecting

    /// The open channel, or one being opened for this call and those arriving meanwhile; a
    /// caller stops waiting for an opening one at `deadline` (a server that accepts and stays
    /// silent holds the set-up for the command timeout), and the opening goes on for others.
    private func channel(by deadline: NIODeadline) async throws -> any Channel {
        enum Next {
            case use(any Channel)
            case wait(EventLoopFuture<any Channel>)
            case open(EventLoopPromise<any Channel>)
        }
        let next = try state.withLock { state -> Next in
            switch state {
            case .open(let channel) where channel.isActive:
                return .use(channel)
            case .connecting(let future):
                return .wait(future)
            case .shutdown:
                throw RedisError(code: .connection, message: "the \(configuration.label) pool is shut down")
            case .open, .closed:
                let promise = eventLoop.makePromise(of: (any Channel).self)
                state = .connecting(promise.futureResult)
                return .open(promise)
            }
        }
        switch next {
        case .use(let channel):
            return channel
        case .wait(let future):
            return try await awaiting(future, by: deadline)
        case .open(let promise):
            // Outside the lock: the outcome is recorded under it, possibly at once.
            connect().cascade(to: promise)
            return try await awaiting(promise.futureResult, by: deadline)
        }
    }

    private func awaiting(_ opening: EventLoopFuture<any Channel>, by deadline: NIODeadline) async throws -> any Channel {
        let bounded = opening.eventLoop.makePromise(of: (any Channel).self)
        let address = self.address
        let timer = opening.eventLoop.scheduleTask(deadline: deadline) {
            bounded.fail(RedisError(code: .timeout, message: "\(address.server): no connection in time"))
        }
        // Whichever comes first; completing a promise twice does nothing.
        opening.whenComplete { result in
            timer.cancel()
            bounded.completeWith(result)
        }
        return try await bounded.futureResult.get()
    }

    /// Opens a channel, authenticates and selects the database; records the outcome.
    private func connect() -> EventLoopFuture<any Channel> {
        let opened = Self.open(address, configuration: configuration, on: eventLoop)
        opened.whenComplete { [self] result in
            let channel = try? result.get()
            let kept = state.withLock { state in
                guard case .connecting = state else { return false }
                state = channel.map { .open($0) } ?? .closed
                return true
            }
            if !kept {
                // Shut down while connecting.
                channel?.close(promise: nil)
            } else if let channel {
                channel.closeFuture.whenComplete { [self] _ in
                    state.withLock { state in
                        if case .open(let current) = state, current === channel { state = .closed }
                    }
                }
            }
        }
        return opened
    }

    /// A channel to `address` with a ``RESPChannelHandler``, authenticated, its database selected
    /// and named, on `eventLoop`. Shared with ``RedisInvalidationSubscription``.
    static func open(
        _ address: RedisAddress, configuration: RedisConfiguration, on eventLoop: any EventLoop
    ) -> EventLoopFuture<any Channel> {
        let server = address.server
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RESPChannelHandler(server: server))
                }
            }
        let connecting: EventLoopFuture<any Channel>
        switch address.endpoint {
        case .tcp(let host, let port):
            let tcp = bootstrap
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelOption(.socketOption(.so_keepalive), value: 1)
            // An address needs no resolver: NIO's would run getaddrinfo on a Dispatch queue, which
            // a busy process can keep waiting for seconds.
            if let ip = try? SocketAddress(ipAddress: host, port: Int(port)) {
                connecting = tcp.connect(to: ip)
            } else {
                connecting = tcp.connect(host: host, port: Int(port))
            }
        case .unixSocket(let path):
            connecting = bootstrap.connect(unixDomainSocketPath: path)
        }
        return connecting
            .flatMapErrorThrowing { error -> any Channel in
                throw RedisError(code: .connection, message: "\(server): \(error)")
            }
            .flatMap { channel -> EventLoopFuture<any Channel> in
                prepare(channel, address: address, name: configuration.label, timeout: TimeAmount(configuration.commandTimeout))
            }
    }

    /// Sends `commands` in one write through the channel's ``RESPChannelHandler`` and gives their
    /// replies, outside the pool (a connection's set-up, a subscription's). A channel closed
    /// meanwhile has no handler left to answer: the failed write fails the request (a promise
    /// completed twice keeps the first outcome).
    static func exchange(_ commands: [[any RedisArgument]], on channel: any Channel, timeout: TimeAmount) -> EventLoopFuture<[RESPValue]> {
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        let bytes = RedisCommandEncoding.encode(commands, allocator: channel.allocator)
        channel.writeAndFlush(RedisRequest(bytes: bytes, replies: .promise(promise, count: commands.count), timeout: timeout))
            .whenFailure { promise.fail($0) }
        return promise.futureResult
    }

    /// `AUTH` and `SELECT` as the URL asks and `CLIENT SETNAME` (the pool's label, so `CLIENT
    /// LIST` shows whose connection it is), before anyone else uses the channel.
    private static func prepare(
        _ channel: any Channel, address: RedisAddress, name: String, timeout: TimeAmount
    ) -> EventLoopFuture<any Channel> {
        var commands: [[any RedisArgument]] = []
        if let password = address.password {
            commands.append(address.username.map { ["AUTH", $0, password] } ?? ["AUTH", password])
        }
        if address.database != 0 { commands.append(["SELECT", address.database]) }
        // Names cannot hold spaces; labels are ours (redis-cache, redis-queue).
        commands.append(["CLIENT", "SETNAME", String(name.map { $0 == " " ? "-" : $0 })])
        return exchange(commands, on: channel, timeout: timeout).flatMapThrowing { replies -> any Channel in
            for case .error(let message) in replies {
                throw RedisError(code: .connection, message: "\(address.server) refused the connection's set-up: \(message)")
            }
            return channel
        }.flatMapError { error in
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(error)
        }
    }
}

extension RedisChannelConnection: PipelinedConnection {
    var requestsInFlight: Int { inFlight.load(ordering: .relaxed) }
}
