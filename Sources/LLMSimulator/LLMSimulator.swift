import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// An Anthropic-compatible Messages API server for tests and load runs: `POST /v1/messages` in
/// JSON and SSE, with configurable latency, output speed and faults, and a control endpoint
/// (see ``ControlController``) to switch them while it runs.
///
/// ```swift
/// let simulator = LLMSimulator(configuration: .init(port: 0))
/// try await simulator.withRunningServer { address in
///     // point a client at address.baseURL; POST address.baseURL + "/_control" to inject faults
/// }
/// ```
public struct LLMSimulator: Sendable {
    public let configuration: SimulatorConfiguration
    /// Settings and counters, shared with the running server (also readable in process).
    public let state: SimulatorState
    let logger: Logger

    public init(configuration: SimulatorConfiguration = .init(), logger: Logger = Logger(label: "llm-sim")) {
        self.configuration = configuration
        self.state = SimulatorState(seed: configuration.seed, settings: configuration.settings)
        self.logger = logger
    }

    /// The routes: `POST /v1/messages`, `GET|POST /_control`, `POST /_control/reset`; every
    /// error in the Messages API's shape.
    public func buildRouter() -> Router<SimulatorRequestContext> {
        let router = Router(context: SimulatorRequestContext.self)
        router.add(middleware: AnthropicErrorMiddleware())
        MessagesController(state: state, configuration: configuration).addRoutes(to: router)
        ControlController(state: state).addRoutes(to: router)
        return router
    }

    /// The application, bound to the configured host and port. `onServerRunning` gets the bound
    /// port (useful with port 0). When the server starts closing, held requests are let go so
    /// that a graceful shutdown does not wait for them.
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let state = self.state
        let configuration = self.configuration
        return Application(
            router: buildRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                channel.closeFuture.whenComplete { _ in state.held.releaseAll() }
                await onServerRunning(channel.localAddress?.port ?? configuration.port)
            },
            logger: logger)
    }
}

/// Where a running simulator listens.
public struct SimulatorAddress: Sendable, Equatable {
    public var host: String
    public var port: Int

    /// `http://host:port`, the value for `ANTHROPIC_BASE_URL` or an SDK's `base_url`.
    public var baseURL: String { "http://\(host):\(port)" }
}

extension LLMSimulator {
    /// Runs the simulator (port 0 in the configuration picks a free one), calls `body` with its
    /// address once it accepts connections, then shuts it down gracefully (held requests are let
    /// go), whether `body` returned or threw.
    public func withRunningServer<Value: Sendable>(
        _ body: (SimulatorAddress) async throws -> Value
    ) async throws -> Value {
        let (ports, continuation) = AsyncThrowingStream.makeStream(of: Int.self)
        let services = ServiceGroup(configuration: .init(
            services: [application { port in continuation.yield(port) }], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await services.run()
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            do {
                var iterator = ports.makeAsyncIterator()
                guard let port = try await iterator.next() else { throw SimulatorStopped() }
                let value = try await body(SimulatorAddress(host: configuration.host, port: port))
                await services.triggerGracefulShutdown()
                try await group.waitForAll()
                return value
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }
}

/// The simulator stopped before it accepted connections.
public struct SimulatorStopped: Error, CustomStringConvertible {
    public var description: String { "the LLM simulator stopped before it accepted connections" }
}
