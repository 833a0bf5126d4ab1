/// The built-in request and iteration metrics of one sink, kept in the shape they are recorded in:
/// one series per distinct (request tags, status) pair, and plain fields for what has no series.
/// Recording a request is one dictionary lookup; the `MetricKey`s (sorted tag lists) and the
/// untagged totals (the series merged) are made only when ``export(into:)`` is asked for them.
struct RequestMetrics: Sendable {
    /// Which sub-metrics a request lands in: its own tags plus its status.
    private struct SeriesKey: Hashable {
        var tags: [String: String]
        var status: Int
    }

    /// The sub-metrics of one (tags, status) pair.
    private struct Series {
        var requests = Counter()
        var duration = Trend()
        var failed = Rate()
        var uncorrected: Trend?

        mutating func record(corrected: Duration, measured: Duration?, failed: Bool) {
            requests.add()
            duration.record(corrected)
            self.failed.add(failed)
            if let measured {
                if uncorrected == nil { uncorrected = Trend() }
                uncorrected!.record(measured)
            }
        }
    }

    private var waiting = Trend()
    private var tlsHandshaking: Trend?
    private var sent = Counter()
    private var received = Counter()
    private var series: [SeriesKey: Series] = [:]
    private var iterations: Counter?
    private var iterationDuration: Trend?

    /// Records one request. `corrected` is its latency from the scheduled start (the measured
    /// one in a closed model); `measured`, when given, is the latency from the actual send, kept
    /// as `http_req_duration_uncorrected`.
    mutating func record(_ result: HTTPResult, tags: [String: String], corrected: Duration, measured: Duration?) {
        waiting.record(result.waiting)
        if let handshake = result.tlsHandshaking {
            if tlsHandshaking == nil { tlsHandshaking = Trend() }
            tlsHandshaking!.record(handshake)
        }
        sent.add(Double(result.bytesSent))
        received.add(Double(result.bytesReceived))
        series[SeriesKey(tags: tags, status: result.status), default: Series()]
            .record(corrected: corrected, measured: measured, failed: result.failed)
    }

    /// Records one completed iteration and how long it took.
    mutating func recordIteration(_ duration: Duration) {
        if iterations == nil { iterations = Counter() }
        if iterationDuration == nil { iterationDuration = Trend() }
        iterations!.add()
        iterationDuration!.record(duration)
    }

    /// Adds every metric recorded here to `metrics` under its k6 name and tags (sharing storage
    /// with this copy where `metrics` has no such metric yet, so no histogram is copied).
    func export(into metrics: inout MetricSet) {
        if let iterations { metrics.counters.add(iterations, at: MetricKey(BuiltinMetric.iterations)) }
        if let iterationDuration { metrics.trends.add(iterationDuration, at: MetricKey(BuiltinMetric.iterationDuration)) }
        guard !series.isEmpty else { return }
        metrics.trends.add(waiting, at: MetricKey(BuiltinMetric.httpReqWaiting))
        if let tlsHandshaking { metrics.trends.add(tlsHandshaking, at: MetricKey(BuiltinMetric.httpReqTLSHandshaking)) }
        metrics.counters.add(sent, at: MetricKey(BuiltinMetric.dataSent))
        metrics.counters.add(received, at: MetricKey(BuiltinMetric.dataReceived))
        for (key, series) in series {
            var tags = key.tags
            tags["status"] = String(key.status)
            let sorted = MetricKey.Tags(tags)
            // Each series under its tags, and into the untagged metric (the sum of the series).
            for tags in [sorted, MetricKey.Tags([:])] {
                metrics.counters.add(series.requests, at: MetricKey(BuiltinMetric.httpReqs, tags: tags))
                metrics.trends.add(series.duration, at: MetricKey(BuiltinMetric.httpReqDuration, tags: tags))
                metrics.rates.add(series.failed, at: MetricKey(BuiltinMetric.httpReqFailed, tags: tags))
                if let uncorrected = series.uncorrected {
                    metrics.trends.add(uncorrected, at: MetricKey(BuiltinMetric.httpReqDurationUncorrected, tags: tags))
                }
            }
        }
    }
}
