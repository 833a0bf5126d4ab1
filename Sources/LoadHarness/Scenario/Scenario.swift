/// A load test read from a scenario file (`loadtests/*.yaml`): how VUs are started, what they
/// do, what is checked and measured, and the pass/fail thresholds.
public struct Scenario: Sendable {
    /// The scenario's name (`smoke`, `ai-load`, …), used by `--baseline` and the reports.
    public var name: String
    /// What it tests, in a sentence.
    public var description: String
    /// The file it was read from.
    public var file: String
    /// How iterations are started.
    public var executor: ExecutorSpec
    /// Environment defaults (`env:`), overridden by the process environment and `-e`.
    public var environment: [String: String]
    /// The base URL when `--base-url` is not given (a template over the environment).
    var baseURL: Template?
    /// Steps run before the test (log in, fetch ids).
    var setup: [SetupBlock]
    /// Test data (`data:`): each iteration gets a row of each source.
    var data: [DataSource] = []
    /// Whether each VU keeps a cookie jar (`cookies:`, on by default).
    var cookies = true
    /// How HTTPS targets are verified (`insecureSkipTLSVerify:`, `tlsCAFile:`).
    public var tls = TLSOptions()
    /// What VUs do, picked per iteration by weight.
    var personas: [Persona]
    /// Pass/fail criteria.
    public var thresholds: [ThresholdSpec]
    /// Things done at given times.
    var actions: [TimedAction]
    /// For capacity searches: how the result is read.
    public var capacity: CapacitySearch?

    /// Every duration of the timeline (executor, actions) multiplied by `factor`; think times
    /// are pacing, not timeline, and stay as written.
    public func scaled(by factor: Double) -> Scenario {
        var copy = self
        copy.executor = executor.scaled(by: factor)
        copy.actions = actions.map {
            TimedAction(name: $0.name, at: $0.at * factor, set: $0.set, request: $0.request, checks: $0.checks, line: $0.line)
        }
        copy.thresholds = thresholds.map {
            ThresholdSpec(threshold: $0.threshold, abortOnFail: $0.abortOnFail, delayAbortEval: $0.delayAbortEval * factor)
        }
        return copy
    }
}
