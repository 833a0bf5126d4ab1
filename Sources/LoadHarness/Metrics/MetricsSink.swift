import Foundation
import Synchronization

/// Where virtual users record their samples. The VUs of one event loop share a sink (they run on
/// that loop's thread, so its lock is hardly ever contended, and each trend exists once per loop,
/// not once per VU); the registry merges the sinks when asked for a snapshot.
public final class MetricsSink: Sendable {
    private struct State {
        /// Custom metrics, checks and gauges, by key.
        var metrics = MetricSet()
        /// The built-in request and iteration metrics.
        var requests = RequestMetrics()
        var interval = IntervalStats()
        /// Every sample since the last drain, when the run has live outputs.
        var samples: [LiveSample]?
        /// The slowest requests sent with a `traceparent`, slowest first.
        var slowestTraced: [TracedRequest] = []
    }
    private let state: Mutex<State>

    /// An empty sink; usually made by ``MetricsRegistry/makeSink()``.
    /// - Parameter recordsSamples: whether each sample is also kept for the live outputs
    ///   (``drainSamples()``).
    public init(recordsSamples: Bool = false) {
        var initial = State()
        if recordsSamples { initial.samples = [] }
        state = Mutex(initial)
    }

    /// Records a duration in a trend, and in its sub-metric when `tags` are given.
    public func add(trend name: String, _ duration: Duration, tags: [String: String] = [:]) {
        state.withLock { state in
            state.metrics.trends[MetricKey(name), default: Trend()].record(duration)
            if !tags.isEmpty { state.metrics.trends[MetricKey(name, tags: tags), default: Trend()].record(duration) }
            state.samples?.append(LiveSample(time: Date(), tags: tags, kind: .trend(name, duration)))
        }
    }

    /// Adds to a counter, and to its sub-metric when `tags` are given.
    public func add(counter name: String, _ value: Double = 1, tags: [String: String] = [:]) {
        state.withLock { state in
            state.metrics.counters[MetricKey(name), default: Counter()].add(value)
            if !tags.isEmpty { state.metrics.counters[MetricKey(name, tags: tags), default: Counter()].add(value) }
            state.samples?.append(LiveSample(time: Date(), tags: tags, kind: .counter(name, value)))
        }
    }

    /// Adds a sample to a rate, and to its sub-metric when `tags` are given.
    public func add(rate name: String, _ sample: Bool, tags: [String: String] = [:]) {
        state.withLock { state in
            state.metrics.rates[MetricKey(name), default: Rate()].add(sample)
            if !tags.isEmpty { state.metrics.rates[MetricKey(name, tags: tags), default: Rate()].add(sample) }
            state.samples?.append(LiveSample(time: Date(), tags: tags, kind: .rate(name, sample)))
        }
    }

    /// Sets a gauge.
    public func set(gauge name: String, _ value: Double, tags: [String: String] = [:]) {
        state.withLock { state in
            state.metrics.gauges[MetricKey(name, tags: tags), default: Gauge()].set(value)
            state.samples?.append(LiveSample(time: Date(), tags: tags, kind: .gauge(name, value)))
        }
    }

    /// Records the built-in HTTP metrics of one request. `scheduledStart` is when an open-model
    /// executor meant the request to start; with it, `http_req_duration` is measured from there
    /// and `http_req_duration_uncorrected` from the actual send. The tagged sub-metrics carry the
    /// request's tags plus `status`. A request abandoned because its sender was cancelled (the end
    /// of the run) is neither a success nor a failure of the server: it is not recorded.
    /// `method` and `path` name the request in live outputs.
    public func record(
        _ result: HTTPResult, tags: [String: String] = [:], scheduledStart: ContinuousClock.Instant? = nil, method: String = "GET",
        path: String = "/"
    ) {
        if result.error?.kind == .cancelled { return }
        let measured = result.duration
        let corrected = scheduledStart.map { Swift.max(measured, result.end - $0) } ?? measured
        state.withLock { state in
            state.requests.record(result, tags: tags, corrected: corrected, measured: scheduledStart == nil ? nil : measured)
            state.interval.requests += 1
            if result.failed { state.interval.failed += 1 }
            state.interval.durations.record(corrected)
            if state.samples != nil {
                let request = LiveSample.Request(
                    method: method, path: path, status: result.status, error: result.error?.description, duration: corrected,
                    uncorrected: scheduledStart == nil ? nil : measured, waiting: result.waiting, tlsHandshaking: result.tlsHandshaking,
                    failed: result.failed, sent: result.bytesSent, received: result.bytesReceived)
                state.samples!.append(LiveSample(time: Date(), tags: tags, kind: .request(request)))
            }
        }
    }

    /// Records a completed iteration: `iterations` and `iteration_duration`.
    public func recordIteration(_ duration: Duration) {
        state.withLock { state in
            state.requests.recordIteration(duration)
            state.interval.iterations += 1
            state.samples?.append(LiveSample(time: Date(), tags: [:], kind: .iteration(duration)))
        }
    }

    /// How many of the slowest traced requests a sink keeps.
    public static let slowestKept = 5

    /// Keeps `request` if it is among the slowest traced requests so far.
    public func noteTraced(_ request: TracedRequest) {
        state.withLock { state in
            guard state.slowestTraced.count < Self.slowestKept || request.duration > state.slowestTraced[state.slowestTraced.count - 1].duration
            else { return }
            let index = state.slowestTraced.firstIndex { $0.duration < request.duration } ?? state.slowestTraced.count
            state.slowestTraced.insert(request, at: index)
            if state.slowestTraced.count > Self.slowestKept { state.slowestTraced.removeLast() }
        }
    }

    /// The slowest traced requests this sink kept, slowest first.
    public var slowestTraced: [TracedRequest] { state.withLock { $0.slowestTraced } }

    /// The samples recorded since the last drain (none unless the sink records samples).
    public func drainSamples() -> [LiveSample] {
        state.withLock { state in
            guard let samples = state.samples, !samples.isEmpty else { return [] }
            state.samples = []
            state.samples!.reserveCapacity(samples.count)
            return samples
        }
    }

    /// A copy of everything recorded so far.
    public func snapshot() -> MetricSet {
        var (metrics, requests) = state.withLock { ($0.metrics, $0.requests) }
        requests.export(into: &metrics)
        return metrics
    }

    /// The interval's stats since the last drain, and a fresh interval.
    public func drainInterval() -> IntervalStats {
        state.withLock { state in
            defer { state.interval = IntervalStats() }
            return state.interval
        }
    }
}
