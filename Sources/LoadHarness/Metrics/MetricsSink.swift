import Synchronization

/// Where one virtual user records its samples. Each VU has its own sink, so its lock is never
/// contended; the registry merges the sinks when asked for a snapshot.
public final class MetricsSink: Sendable {
    private let metrics = Mutex(MetricSet())

    /// An empty sink; usually made by ``MetricsRegistry/makeSink()``.
    public init() {}

    /// Records a duration in a trend, and in its sub-metric when `tags` are given.
    public func add(trend name: String, _ duration: Duration, tags: [String: String] = [:]) {
        metrics.withLock { set in
            set.trends[MetricKey(name), default: Trend()].record(duration)
            if !tags.isEmpty { set.trends[MetricKey(name, tags: tags), default: Trend()].record(duration) }
        }
    }

    /// Adds to a counter, and to its sub-metric when `tags` are given.
    public func add(counter name: String, _ value: Double = 1, tags: [String: String] = [:]) {
        metrics.withLock { set in
            set.counters[MetricKey(name), default: Counter()].add(value)
            if !tags.isEmpty { set.counters[MetricKey(name, tags: tags), default: Counter()].add(value) }
        }
    }

    /// Adds a sample to a rate, and to its sub-metric when `tags` are given.
    public func add(rate name: String, _ sample: Bool, tags: [String: String] = [:]) {
        metrics.withLock { set in
            set.rates[MetricKey(name), default: Rate()].add(sample)
            if !tags.isEmpty { set.rates[MetricKey(name, tags: tags), default: Rate()].add(sample) }
        }
    }

    /// Sets a gauge.
    public func set(gauge name: String, _ value: Double, tags: [String: String] = [:]) {
        metrics.withLock { set in
            set.gauges[MetricKey(name, tags: tags), default: Gauge()].set(value)
        }
    }

    /// Records the built-in HTTP metrics of one request. `scheduledStart` is when an open-model
    /// executor meant the request to start; with it, `http_req_duration` is measured from there
    /// and `http_req_duration_uncorrected` from the actual send.
    public func record(_ result: HTTPResult, tags: [String: String] = [:], scheduledStart: ContinuousClock.Instant? = nil) {
        var tags = tags
        tags["status"] = String(result.status)
        let measured = result.duration
        let corrected = scheduledStart.map { Swift.max(measured, result.end - $0) } ?? measured
        metrics.withLock { set in
            for subset in [[:], tags] {
                set.counters[MetricKey(BuiltinMetric.httpReqs, tags: subset), default: Counter()].add()
                set.trends[MetricKey(BuiltinMetric.httpReqDuration, tags: subset), default: Trend()].record(corrected)
                set.rates[MetricKey(BuiltinMetric.httpReqFailed, tags: subset), default: Rate()].add(result.failed)
                if scheduledStart != nil {
                    set.trends[MetricKey(BuiltinMetric.httpReqDurationUncorrected, tags: subset), default: Trend()]
                        .record(measured)
                }
            }
            set.trends[MetricKey(BuiltinMetric.httpReqWaiting), default: Trend()].record(result.waiting)
            set.counters[MetricKey(BuiltinMetric.dataSent), default: Counter()].add(Double(result.bytesSent))
            set.counters[MetricKey(BuiltinMetric.dataReceived), default: Counter()].add(Double(result.bytesReceived))
        }
    }

    /// A copy of everything recorded so far.
    public func snapshot() -> MetricSet {
        metrics.withLock { $0 }
    }
}
