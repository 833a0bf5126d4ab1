import Synchronization

/// One executor's share of the `vus` and `vus_max` gauges: scenarios run executors side by side,
/// so each reports its own counts and the gauges show their sums.
public final class VUGauge: Sendable {
    private let id: Int
    private let totals: VUTotals

    init(id: Int, totals: VUTotals) {
        self.id = id
        self.totals = totals
    }

    /// This executor's active VUs.
    public func set(vus: Int) { totals.set(id: id, vus: vus, max: nil) }
    /// This executor's allocated VUs.
    public func set(vusMax: Int) { totals.set(id: id, vus: nil, max: vusMax) }
}

/// Every executor's VU counts in one registry, summed into its `vus` and `vus_max` gauges.
final class VUTotals: Sendable {
    private struct Counts {
        var next = 0
        var vus: [Int: Int] = [:]
        var max: [Int: Int] = [:]
    }
    private let counts = Mutex(Counts())
    private let sink: MetricsSink

    init(sink: MetricsSink) {
        self.sink = sink
    }

    func makeGauge() -> VUGauge {
        VUGauge(id: counts.withLock { counts in
            defer { counts.next += 1 }
            return counts.next
        }, totals: self)
    }

    func set(id: Int, vus: Int?, max: Int?) {
        // Under the lock, so two executors' updates reach the gauge in the order they were summed.
        counts.withLock { counts in
            if let vus {
                counts.vus[id] = vus
                sink.set(gauge: BuiltinMetric.vus, Double(counts.vus.values.reduce(0, +)))
            }
            if let max {
                counts.max[id] = max
                sink.set(gauge: BuiltinMetric.vusMax, Double(counts.max.values.reduce(0, +)))
            }
        }
    }
}
