import Synchronization

/// k6's `ramping-vus`: the number of looping VUs follows the stages (a closed model). A VU above
/// the current target finishes its iteration, then waits (k6's graceful ramp-down).
public struct RampingVUs: Executor {
    /// VUs active at the start.
    public var startVUs: Int
    /// The VU targets over time.
    public var stages: [Stage]

    /// - Parameters:
    ///   - startVUs: VUs active at the start.
    ///   - stages: the VU targets over time.
    public init(startVUs: Int = 0, stages: [Stage]) {
        self.startVUs = startVUs
        self.stages = stages
    }

    public var duration: Duration { stages.totalDuration }

    /// The most VUs any stage asks for: allocated up front.
    public var maxVUs: Int { ([startVUs] + stages.map(\.target)).max() ?? 0 }

    /// How long an idle VU waits before it looks at the target again.
    static let idleCheck = Duration.milliseconds(10)

    public func run(client: LoadClient, registry: MetricsRegistry, body: @escaping IterationBody) async {
        let gauge = registry.makeVUGauge()
        let contexts = makeVUs(maxVUs, client: client, registry: registry, gauge: gauge)
        let active = ActiveVUs(gauge: gauge)
        let stages = stages
        let startVUs = startVUs
        let start = ContinuousClock.now
        let end = start + duration
        gauge.set(vus: 0)
        await withTaskGroup(of: Void.self) { group in
            for vu in contexts {
                group.addTask(executorPreference: vu.executor) {
                    var running = false
                    while !Task.isCancelled {
                        let now = ContinuousClock.now
                        guard now < end else { break }
                        let wanted = vu.id <= stages.value(at: now - start, start: startVUs)
                        if wanted != running {
                            running = wanted
                            active.change(by: wanted ? 1 : -1)
                        }
                        if wanted {
                            await vu.runIteration(scheduledStart: nil, body)
                        } else {
                            try? await Task.sleep(for: Self.idleCheck)
                        }
                    }
                    if running { active.change(by: -1) }
                }
            }
        }
        for vu in contexts { vu.connection.close() }
    }
}

/// The count of VUs currently looping, mirrored into the `vus` gauge.
final class ActiveVUs: Sendable {
    private let count = Mutex(0)
    private let gauge: VUGauge

    init(gauge: VUGauge) {
        self.gauge = gauge
    }

    func change(by delta: Int) {
        count.withLock { count in
            count += delta
            gauge.set(vus: count)
        }
    }
}
