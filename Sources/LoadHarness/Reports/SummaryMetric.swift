/// One metric or sub-metric of a summary file, in the shape of k6's `handleSummary` data
/// (`type`, `contains`, `values` with `avg`, `p(95)`, `count`, `rate`, …) plus its name, tags and,
/// for a trend, the encoded histogram the exact figures are rebuilt from.
struct SummaryMetric: Codable {
    /// The metric's name.
    var name: String
    /// The sub-metric's tags (nil for the metric itself).
    var tags: [String: String]?
    /// `trend`, `counter`, `rate` or `gauge`.
    var type: String
    /// `time` (milliseconds), `data` (bytes) or `default`, as in k6.
    var contains: String
    /// Readable aggregates, k6's names; times in milliseconds.
    var values: [String: Double]
    /// A trend's samples.
    var histogram: Trend?
    /// The metric's thresholds by expression, as k6 lists them (`{"p(95)<500": {"ok": true}}`);
    /// informative only, the summary's own `thresholds` are read back.
    var thresholds: [String: Outcome]?

    /// A threshold's outcome in k6's shape.
    struct Outcome: Codable {
        var ok: Bool
    }

    /// The entries of every metric in `metrics`, keyed as k6 keys them (`http_req_duration{status:200}`).
    static func entries(
        of metrics: MetricSet, duration: Duration, percentiles: [Double], thresholds: [ThresholdResult]
    ) -> [String: SummaryMetric] {
        var entries: [String: SummaryMetric] = [:]
        func add(_ key: MetricKey, _ type: String, _ contains: String, _ values: [String: Double], _ trend: Trend? = nil) {
            let tags = key.tags.isEmpty ? nil : Dictionary(key.tags.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
            entries[key.description] = SummaryMetric(
                name: key.name, tags: tags, type: type, contains: contains, values: values, histogram: trend, thresholds: nil)
        }
        for (key, trend) in metrics.trends {
            var values = ["avg": trend.avg, "min": trend.min, "med": trend.med, "max": trend.max, "count": Double(trend.count)]
            for p in percentiles { values["p(\(SummaryReport.number(p)))"] = trend.percentile(p) }
            add(key, "trend", "time", values, trend)
        }
        for (key, counter) in metrics.counters {
            let isData = key.name == BuiltinMetric.dataSent || key.name == BuiltinMetric.dataReceived
            add(key, "counter", isData ? "data" : "default", ["count": counter.count, "rate": counter.rate(over: duration)])
        }
        for (key, rate) in metrics.rates {
            add(key, "rate", "default", ["rate": rate.rate, "passes": Double(rate.passes), "fails": Double(rate.fails)])
        }
        for (key, gauge) in metrics.gauges {
            add(key, "gauge", "default", ["value": gauge.value, "min": gauge.min, "max": gauge.max])
        }
        for result in thresholds {
            guard var entry = entries[result.threshold.metric.description] else { continue }
            entry.thresholds = (entry.thresholds ?? [:]).merging([result.threshold.expression: Outcome(ok: result.passed)]) { $1 }
            entries[result.threshold.metric.description] = entry
        }
        return entries
    }

    /// Adds this entry's metric to `metrics`; fails when the entry lacks what its type needs.
    func apply(to metrics: inout MetricSet) throws(RunSummaryError) {
        let key = MetricKey(name, tags: tags ?? [:])
        func value(_ name: String) throws(RunSummaryError) -> Double {
            guard let value = values[name], value.isFinite else { throw RunSummaryError(metric: key, "no '\(name)' value") }
            return value
        }
        func whole(_ name: String) throws(RunSummaryError) -> UInt64 {
            let number = try value(name)
            guard number >= 0, number.rounded() == number, number < 0x1p64 else {
                throw RunSummaryError(metric: key, "'\(name)' is not a whole count")
            }
            return UInt64(number)
        }
        switch type {
        case "trend":
            guard let histogram else { throw RunSummaryError(metric: key, "a trend without its histogram") }
            metrics.trends[key] = histogram
        case "counter":
            var counter = Counter()
            counter.add(try value("count"))
            metrics.counters[key] = counter
        case "rate":
            let passes = try whole("passes")
            metrics.rates[key] = Rate(passes: passes, total: passes + (try whole("fails")))
        case "gauge":
            metrics.gauges[key] = Gauge(value: try value("value"), min: try value("min"), max: try value("max"))
        default:
            throw RunSummaryError(metric: key, "unknown type '\(type)' (trend, counter, rate, gauge)")
        }
    }
}
