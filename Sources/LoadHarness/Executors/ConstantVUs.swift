/// k6's `constant-vus`: a fixed number of VUs each loop over iterations for a duration (a closed
/// model: a slow server slows the request rate). Each VU runs at least one iteration; one running
/// at the end is let finish.
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
                    // Every VU starts its loop at the start of the run (as in k6), so each begins one
                    // iteration even when a loaded machine schedules its task after the deadline.
                    guard !Task.isCancelled else { return }
                    repeat {
                        await vu.runIteration(scheduledStart: nil, body)
                    } while ContinuousClock.now < deadline && !Task.isCancelled
                }
            }
        }
        gauge.set(vus: 0)
        for vu in contexts { vu.connection.close() }
    }
}
