/// k6's `per-vu-iterations`: each of `vus` VUs runs exactly `iterations` iterations, then stops;
/// the run ends when the last VU is done, or at `maxDuration` (iterations running then are let
/// finish within the graceful stop). A closed model whose amount of work, not its length, is fixed.
public struct PerVUIterations: Executor {
    /// How many VUs.
    public var vus: Int
    /// Iterations per VU.
    public var iterations: Int
    /// The longest the run may take.
    public var maxDuration: Duration

    /// - Parameters:
    ///   - vus: how many VUs.
    ///   - iterations: iterations each VU runs.
    ///   - maxDuration: the longest the run may take (k6's default: 10 minutes).
    public init(vus: Int, iterations: Int, maxDuration: Duration = .seconds(600)) {
        self.vus = vus
        self.iterations = iterations
        self.maxDuration = maxDuration
    }

    public var duration: Duration { maxDuration }

    public func run(client: LoadClient, registry: MetricsRegistry, body: @escaping IterationBody) async {
        let gauge = registry.makeVUGauge()
        let contexts = makeVUs(vus, client: client, registry: registry, gauge: gauge)
        gauge.set(vus: vus)
        let deadline = ContinuousClock.now + maxDuration
        let iterations = iterations
        await withTaskGroup(of: Void.self) { group in
            for vu in contexts {
                group.addTask(executorPreference: vu.executor) {
                    for _ in 0..<iterations {
                        guard ContinuousClock.now < deadline, !Task.isCancelled else { break }
                        await vu.runIteration(scheduledStart: nil, body)
                    }
                }
            }
        }
        gauge.set(vus: 0)
        for vu in contexts { vu.connection.close() }
    }
}
