import NIOCore
import NIOPosix

/// How a scenario is run: the command line's overrides and where output goes.
public struct RunOptions: Sendable {
    /// `--base-url`: replaces the scenario's `baseURL`.
    public var baseURL: String?
    /// `-e NAME=VALUE`: override `env:` defaults and the process environment.
    public var environment: [String: String] = [:]
    /// The process environment; it overrides `env:` defaults for the names declared there.
    public var processEnvironment: [String: String] = [:]
    /// `--segment i/n`: run that slice of the VUs or rate.
    public var segment: (index: Int, count: Int)?
    /// The event loops VU connections live on.
    public var eventLoopGroup: any EventLoopGroup = LoadGeneratorLoops.group
    /// The per-request timeout unless a step sets one.
    public var requestTimeout: Duration = .seconds(60)
    /// How HTTPS targets are verified: the scenario's settings with the command line's on top;
    /// `nil` takes the scenario's.
    public var tls: TLSOptions?
    /// `--traceparent`: each request carries a new W3C trace context.
    public var traceparent = false
    /// Live outputs (`--out`): they get every sample while the run goes on.
    public var outputs: [any LiveOutput] = []
    /// Where the progress line goes.
    public var progress: ProgressSampler.Output = .automatic
    /// Where the runner's own messages (setup, actions) go.
    public var log: @Sendable (String) -> Void = { print($0) }
    /// Awaited after setup and before the load starts: a distributed run's segments wait here for
    /// their common start (``StartTime``, ``CoordinatorClient``). Throwing ends the run as a
    /// setup failure.
    public var beforeLoad: @Sendable () async throws -> Void = {}

    /// Defaults: the scenario's base URL and environment, progress on standard output.
    public init() {}
}
