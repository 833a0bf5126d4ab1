import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Server-assisted client-side caching: a connection of its own asks the Redis server to report
/// every change to keys under `prefixes` and hands each report to a ``RedisInvalidationListener``.
///
/// It runs Redis's tracking in broadcast mode, redirected to itself — `CLIENT TRACKING on
/// REDIRECT <its own id> BCAST PREFIX …`, then `SUBSCRIBE __redis__:invalidate` (RESP2) — so the
/// server keeps no table of who read what, and a change is reported whichever client made it and
/// whichever connection read the key. When the connection breaks (a restart, a network failure)
/// the listener hears ``RedisInvalidationListener/unsubscribed()`` and a new connection is opened,
/// after 50 ms and up to 2 s after repeated failures.
///
/// Run it as a `Service`: it stops on graceful shutdown or cancellation.
public final class RedisInvalidationSubscription: Service, Sendable {
    private let configuration: RedisConfiguration
    private let prefixes: [String]
    private let listener: any RedisInvalidationListener
    private let eventLoop: any EventLoop
    private let logger: Logger

    /// - Parameter prefixes: the key prefixes reported (at least one: a cache instance holds
    ///   other keys too, rate-limit counters among them, whose changes nobody needs to hear).
    public init(
        configuration: RedisConfiguration, prefixes: [String], listener: any RedisInvalidationListener,
        eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any(), logger: Logger = Logger(label: "redis")
    ) {
        precondition(!prefixes.isEmpty, "a subscription names the prefixes it reports")
        self.configuration = configuration
        self.prefixes = prefixes
        self.listener = listener
        self.eventLoop = eventLoop
        self.logger = logger
    }

    /// Subscribes, and subscribes again whenever the connection breaks, until graceful shutdown
    /// or cancellation.
    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.keepSubscribed() }
    }

    private func keepSubscribed() async {
        let retryAfter = (first: Duration.milliseconds(50), longest: Duration.seconds(2))
        var delay = retryAfter.first
        while !Task.isCancelled {
            do {
                try await subscribeOnce()
                delay = retryAfter.first
            } catch {
                // Once per outage at warning: while it lasts the cached values are read from Redis.
                logger.log(
                    level: delay == retryAfter.first ? .warning : .debug, "redis invalidation subscription failed",
                    metadata: ["pool": "\(configuration.label)", "error": "\(String(reflecting: error))"])
            }
            guard (try? await Task.sleep(for: delay)) != nil else { return }
            delay = min(delay * 2, retryAfter.longest)
        }
    }

    /// Opens a connection, subscribes and returns when the connection closes; closes it on
    /// cancellation.
    private func subscribeOnce() async throws {
        guard let address = RedisAddress(url: configuration.url) else {
            throw RedisError(code: .configuration, message: "not a redis:// or unix:// URL: \(configuration.url)")
        }
        let channel = try await RedisChannelConnection.open(address, configuration: configuration, on: eventLoop).get()
        try await withTaskCancellationHandler {
            let timeout = TimeAmount(configuration.commandTimeout)
            let id = try await RedisChannelConnection.exchange([["CLIENT", "ID"]], on: channel, timeout: timeout).get()[0]
            guard let id = id.int else {
                throw RedisError(code: .protocol, message: "\(address.server) answered CLIENT ID with \(id)")
            }
            var tracking: [any RedisArgument] = ["CLIENT", "TRACKING", "on", "REDIRECT", id, "BCAST"]
            for prefix in prefixes { tracking += ["PREFIX", prefix] }
            if case .error(let message) = try await RedisChannelConnection.exchange([tracking], on: channel, timeout: timeout).get()[0] {
                throw RedisError(code: .server, message: "\(address.server) refused key tracking: \(message)")
            }
            let listener = self.listener
            try await channel.eventLoop.submit {
                let pipeline = channel.pipeline.syncOperations
                try pipeline.removeHandler(pipeline.handler(type: RESPChannelHandler.self))
                try pipeline.addHandler(RedisInvalidationHandler(listener: listener, server: address.server))
                var bytes = channel.allocator.buffer(capacity: 64)
                RedisCommandEncoding.append(["SUBSCRIBE", RedisInvalidationHandler.channelName], to: &bytes)
                channel.writeAndFlush(bytes, promise: nil)
            }.get()
            try await channel.closeFuture.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }
}
