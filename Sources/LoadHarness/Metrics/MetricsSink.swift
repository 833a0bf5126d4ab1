import Synchronization

/// Where virtual users record their samples. The VUs of one event loop share a sink (they run on
/// that loop's thread, so its lock is hardly ever contended, and each trend exists once per loop,
/// not once per VU); the registry merges the sinks when asked for a snapshot.
public final class MetricsSink: Sendable {
    private struct State {
        var metrics = MetricSet()
        var interval = IntervalStats()
    }
    private let state = Mutex(State())

    private static let httpReqs = MetricKey(BuiltinMetric.httpReqs)
    private static let httpReqDuration = MetricKey(BuiltinMetric.httpReqDuration)
    private static let httpReqDurationUncorrected = MetricKey(BuiltinMetric.httpReqDurationUncorrected)
    private static let httpReqFailed = MetricKey(BuiltinMetric.httpReqFailed)
    private static let httpReqWaiting = MetricKey(BuiltinMetric.httpReqWaiting)
    private static let dataSent = MetricKey(BuiltinMetric.dataSent)
    private static let dataReceived = MetricKey(BuiltinMetric.dataReceived)
    private static let iterations = MetricKey(BuiltinMetric.iterations)

    /// An empty sink; usually made by ``MetricsRegistry/makeSink()``.
    public init() {}

    /// Records a duration in a trend, and in its sub-metric when `tags` are given.
    public func add(trend name: String, _ duration: Duration, tags: [String: String] = [:]) {
        state.withLock { state in
            state.metrics.trends[MetricKey(name), default: Trend()].record(duration)
            if !tags.isEmpty { state.metrics.trends[MetricKey(name, tags: tags), default: Trend()].record(duration) }
        }
    }

    /// Adds to a counter, and to its sub-metric when `tags` are given.
    public func add(counter name: String, _ value: Double = 1, tags: [String: String] = [:]) {
        state.withLock { state in
            state.metrics.counters[MetricKey(name), default: Counter()].add(value)
            if !tags.isEmpty { state.metrics.counters[MetricKey(name, tags: tags), default: Counter()].add(value) }
            if name == BuiltinMetric.iterations { state.interval.iterations += Int(value) }
        }
    }

    /// Adds a sample to a rate, and to its sub-metric when `tags` are given.
    public func add(rate name: String, _ sample: Bool, tags: [String: String] = [:]) {
        state.withLock { state in
            state.metrics.rates[MetricKey(name), default: Rate()].add(sample)
            if !tags.isEmpty { state.metrics.rates[MetricKey(name, tags: tags), default: Rate()].add(sample) }
        }
    }

    /// Sets a gauge.
    public func set(gauge name: String, _ value: Double, tags: [String: String] = [:]) {
        state.withLock { state in
            state.metrics.gauges[MetricKey(name, tags: tags), default: Gauge()].set(value)
        }
    }

    /// Records the built-in HTTP metrics of one request. `scheduledStart` is when an open-model
    /// executor meant the request to start; with it, `http_req_duration` is measured from there
    /// and `http_req_duration_uncorrected` from the actual send. The tagged sub-metrics carry the
    /// request's tags plus `status`.
    public func record(_ result: HTTPResult, tags: [String: String] = [:], scheduledStart: ContinuousClock.Instant? = nil) {
        var tags = tags
        tags["status"] = String(result.status)
        let tagged = MetricKey.Tags(tags)
        let measured = result.duration
        let corrected = scheduledStart.map { Swift.max(measured, result.end - $0) } ?? measured
        let failed = result.failed
        state.withLock { state in
            state.metrics.counters[Self.httpReqs, default: Counter()].add()
            state.metrics.counters[MetricKey(BuiltinMetric.httpReqs, tags: tagged), default: Counter()].add()
            state.metrics.trends[Self.httpReqDuration, default: Trend()].record(corrected)
            state.metrics.trends[MetricKey(BuiltinMetric.httpReqDuration, tags: tagged), default: Trend()].record(corrected)
            state.metrics.rates[Self.httpReqFailed, default: Rate()].add(failed)
            state.metrics.rates[MetricKey(BuiltinMetric.httpReqFailed, tags: tagged), default: Rate()].add(failed)
            if scheduledStart != nil {
                state.metrics.trends[Self.httpReqDurationUncorrected, default: Trend()].record(measured)
                state.metrics.trends[MetricKey(BuiltinMetric.httpReqDurationUncorrected, tags: tagged), default: Trend()]
                    .record(measured)
            }
            state.metrics.trends[Self.httpReqWaiting, default: Trend()].record(result.waiting)
            state.metrics.counters[Self.dataSent, default: Counter()].add(Double(result.bytesSent))
            state.metrics.counters[Self.dataReceived, default: Counter()].add(Double(result.bytesReceived))
            state.interval.requests += 1
            if failed { state.interval.failed += 1 }
            state.interval.durations.record(corrected)
        }
    }

    /// A copy of everything recorded so far.
    public func snapshot() -> MetricSet {
        state.withLock { $0.metrics }
    }

    /// The interval's stats since the last drain, and a fresh interval.
    public func drainInterval() -> IntervalStats {
        state.withLock { state in
            defer { state.interval = IntervalStats() }
            return state.interval
        }
    }
}
