import NIOCore
import Synchronization

/// All sinks of a run: one per event loop the VUs run on, plus one for the executors' own
/// metrics (`vus`, `dropped_iterations`). A snapshot merges them.
public final class MetricsRegistry: Sendable {
    private struct Sinks {
        var all: [MetricsSink] = []
        var byEventLoop: [ObjectIdentifier: MetricsSink] = [:]
    }
    private let sinks = Mutex(Sinks())
    /// The executors' own sink.
    public let shared: MetricsSink
    private let vuTotals: VUTotals

    /// Whether the sinks keep every sample for the live outputs.
    public let recordsSamples: Bool

    /// An empty registry.
    /// - Parameter recordsSamples: whether the sinks keep every sample for live outputs
    ///   (``drainSamples()``); off by default, since it costs an allocation per sample.
    public init(recordsSamples: Bool = false) {
        self.recordsSamples = recordsSamples
        let shared = MetricsSink(recordsSamples: recordsSamples)
        self.shared = shared
        self.vuTotals = VUTotals(sink: shared)
        sinks.withLock { $0.all.append(shared) }
    }

    /// An executor's share of `vus` and `vus_max` (the gauges are the sums of the shares).
    public func makeVUGauge() -> VUGauge { vuTotals.makeGauge() }

    /// A new sink, included in every later snapshot.
    public func makeSink() -> MetricsSink {
        let sink = MetricsSink(recordsSamples: recordsSamples)
        sinks.withLock { $0.all.append(sink) }
        return sink
    }

    /// The sink of the VUs running on `eventLoop`, made on first use.
    public func sink(for eventLoop: any EventLoop) -> MetricsSink {
        sinks.withLock { sinks in
            let id = ObjectIdentifier(eventLoop as AnyObject)
            if let sink = sinks.byEventLoop[id] { return sink }
            let sink = MetricsSink(recordsSamples: recordsSamples)
            sinks.byEventLoop[id] = sink
            sinks.all.append(sink)
            return sink
        }
    }

    /// Every sink's metrics, merged.
    public func snapshot() -> MetricSet {
        let all = sinks.withLock { $0.all }
        var merged = MetricSet()
        for sink in all { merged.merge(sink.snapshot()) }
        return merged
    }

    /// The slowest requests sent with a `traceparent` over every sink, slowest first.
    public func slowestTraced() -> [TracedRequest] {
        let all = sinks.withLock { $0.all }
        return Array(all.flatMap(\.slowestTraced).sorted { $0.duration > $1.duration }.prefix(MetricsSink.slowestKept))
    }

    /// Every sink's samples since the last drain, in time order.
    public func drainSamples() -> [LiveSample] {
        let all = sinks.withLock { $0.all }
        var samples: [LiveSample] = []
        for sink in all { samples += sink.drainSamples() }
        samples.sort { $0.time < $1.time }
        return samples
    }

    /// Every sink's interval stats since the last drain, merged; the sinks start a new interval.
    public func drainInterval() -> IntervalStats {
        let all = sinks.withLock { $0.all }
        var merged = IntervalStats()
        for sink in all { merged.merge(sink.drainInterval()) }
        return merged
    }
}
