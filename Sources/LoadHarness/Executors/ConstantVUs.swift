/// k6's `constant-vus`: a fixed number of VUs each loop over iterations for a duration (a closed
/// model: a slow server slows the request rate). An iteration running at the end is let finish.
public struct ConstantVUs: Executor {
    /// How many VUs loop.
    public var vus: Int
    /// How long they start new iterations.
    public var duration: Duration

    /// - Parameters:
    ///   - vus: how many VUs loop.
    ///   - duration: how long they start new iterations.
    public init(vus: Int, duration: Duration) {
        self.vus = vus
        self.duration = duration
    }

    public func run(client: LoadClient, registry: MetricsRegistry, body: @escaping IterationBody) async {
        let gauge = registry.makeVUGauge()
        let contexts = makeVUs(vus, client: client, registry: registry, gauge: gauge)
        gauge.set(vus: vus)
        let deadline = ContinuousClock.now + duration
        await withTaskGroup(of: Void.self) { group in
            for vu in contexts {
                group.addTask(executorPreference: vu.executor) {
                    while ContinuousClock.now < deadline, !Task.isCancelled {
                        await vu.runIteration(scheduledStart: nil, body)
                    }
                }
            }
        }
        gauge.set(vus: 0)
        for vu in contexts { vu.connection.close() }
    }
}
