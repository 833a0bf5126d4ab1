/// A load test read from a scenario file (`loadtests/*.yaml`): how VUs are started, what they
/// do, what is checked and measured, and the pass/fail thresholds.
public struct Scenario: Sendable {
    /// The scenario's name (`smoke`, `ai-load`, …), used by `--baseline` and the reports.
    public var name: String
    /// What it tests, in a sentence.
    public var description: String
    /// The file it was read from.
    public var file: String
    /// The named scenarios run side by side (`scenarios:`); one, `default`, in a file without.
    public var workloads: [Workload]
    /// Whether the file named its scenarios (`scenarios:`): then every request is tagged with its
    /// scenario's name.
    public var isMultiScenario = false
    /// The first scenario's executor: the only one in a file without `scenarios:`.
    public var executor: ExecutorSpec {
        get { workloads[0].executor }
        set { workloads[0].executor = newValue }
    }
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
    /// Steps run once after the load (`teardown:`), with the environment and the first setup record.
    var teardown: [Step] = []
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
        copy.workloads = workloads.map { workload in
            var scaled = workload
            scaled.executor = workload.executor.scaled(by: factor)
            scaled.startTime = workload.startTime * factor
            return scaled
        }
        copy.actions = actions.map {
            TimedAction(name: $0.name, at: $0.at * factor, set: $0.set, request: $0.request, checks: $0.checks, line: $0.line)
        }
        copy.thresholds = thresholds.map {
            ThresholdSpec(threshold: $0.threshold, abortOnFail: $0.abortOnFail, delayAbortEval: $0.delayAbortEval * factor)
        }
        return copy
    }
}
