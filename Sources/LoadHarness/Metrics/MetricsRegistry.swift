import Synchronization

/// All sinks of a run: one per virtual user, plus one for the executors' own metrics
/// (`vus`, `dropped_iterations`). A snapshot merges them; recording never takes a shared lock.
public final class MetricsRegistry: Sendable {
    private let sinks = Mutex<[MetricsSink]>([])
    /// The executors' own sink.
    public let shared: MetricsSink

    /// An empty registry.
    public init() {
        let shared = MetricsSink()
        self.shared = shared
        sinks.withLock { $0.append(shared) }
    }

    /// A new sink, included in every later snapshot.
    public func makeSink() -> MetricsSink {
        let sink = MetricsSink()
        sinks.withLock { $0.append(sink) }
        return sink
    }

    /// Every sink's metrics, merged.
    public func snapshot() -> MetricSet {
        let all = sinks.withLock { $0 }
        var merged = MetricSet()
        for sink in all { merged.merge(sink.snapshot()) }
        return merged
    }
}
