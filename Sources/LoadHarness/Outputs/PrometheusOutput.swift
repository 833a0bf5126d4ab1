import Foundation
import Synchronization

/// `--out prometheus=HOST:PORT`: the run's metrics in the Prometheus text format, for a
/// `/metrics` endpoint scraped while the run goes on. Built from the same points as the JSON
/// output, so each series has exactly its requests: counters `k6_http_reqs_total`, latency
/// histograms `k6_http_req_duration_seconds` (buckets from 0.5 ms to 60 s), rates as
/// `k6_http_req_failed_rate`, gauges such as `k6_vus`, labelled by the points' tags except the
/// unbounded ones (`url`, `error`); and `k6_threshold_passing{metric,threshold}` (1 or 0),
/// evaluated on the run's metrics at each scrape. The `k6_` names are those of k6's Prometheus
/// output, so its dashboards read ours.
public final class PrometheusOutput: LiveOutput {
    /// Histogram upper bounds, in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
    /// Tags that would make a series per URL or per message.
    static let droppedTags: Set<String> = ["url", "error", "proto"]

    private struct Labels: Hashable {
        let pairs: [MetricKey.Tag]
    }
    private struct Histogram {
        var counts = [UInt64](repeating: 0, count: PrometheusOutput.buckets.count)
        var count: UInt64 = 0
        var sum: Double = 0
    }
    private struct RateSeries {
        var trues: UInt64 = 0
        var total: UInt64 = 0
    }
    private struct State {
        var counters: [String: [Labels: Double]] = [:]
        var gauges: [String: [Labels: Double]] = [:]
        var rates: [String: [Labels: RateSeries]] = [:]
        var histograms: [String: [Labels: Histogram]] = [:]
        var run: (registry: MetricsRegistry, thresholds: [Threshold], start: ContinuousClock.Instant)?
    }
    private let state = Mutex(State())

    /// The address the endpoint listens on (the caller serves it).
    public let host: String
    /// Its port.
    public let port: Int

    /// - Parameters:
    ///   - host: the address to listen on.
    ///   - port: the port.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Called when the load starts: thresholds are evaluated on `registry` at each scrape.
    public func runStarted(registry: MetricsRegistry, thresholds: [Threshold]) {
        state.withLock { $0.run = (registry, thresholds, .now) }
    }

    public func write(_ points: [MetricPoint]) throws {
        state.withLock { state in
            for point in points {
                let labels = Labels(pairs: MetricKey.Tags(point.tags.filter { !Self.droppedTags.contains($0.key) }).sorted)
                switch point.type {
                case .counter:
                    state.counters[point.metric, default: [:]][labels, default: 0] += point.value
                case .gauge:
                    state.gauges[point.metric, default: [:]][labels] = point.value
                case .rate:
                    state.rates[point.metric, default: [:]][labels, default: RateSeries()].total += 1
                    if point.value != 0 { state.rates[point.metric, default: [:]][labels, default: RateSeries()].trues += 1 }
                case .trend:
                    let seconds = point.value / 1000
                    var histogram = state.histograms[point.metric, default: [:]][labels] ?? Histogram()
                    histogram.count += 1
                    histogram.sum += seconds
                    if let index = Self.buckets.firstIndex(where: { seconds <= $0 }) { histogram.counts[index] += 1 }
                    state.histograms[point.metric, default: [:]][labels] = histogram
                }
            }
        }
    }

    public func finish() throws {}

    /// The exposition: every series so far, and the thresholds' states now.
    public func exposition() -> String {
        let (snapshot, run) = state.withLock { ($0, $0.run) }
        var text = ""
        func labelText(_ labels: Labels, extra: String = "") -> String {
            var parts = labels.pairs.map { "\(Self.name($0.name))=\(Self.quote($0.value))" }
            if !extra.isEmpty { parts.append(extra) }
            return parts.isEmpty ? "" : "{" + parts.joined(separator: ",") + "}"
        }
        for (metric, series) in snapshot.counters.sorted(by: { $0.key < $1.key }) {
            let name = "k6_\(Self.name(metric))_total"
            text += "# HELP \(name) k6 counter \(metric).\n# TYPE \(name) counter\n"
            for (labels, value) in series.sorted(by: { Self.order($0.key, $1.key) }) { text += "\(name)\(labelText(labels)) \(Self.number(value))\n" }
        }
        for (metric, series) in snapshot.gauges.sorted(by: { $0.key < $1.key }) {
            let name = "k6_\(Self.name(metric))"
            text += "# HELP \(name) k6 gauge \(metric).\n# TYPE \(name) gauge\n"
            for (labels, value) in series.sorted(by: { Self.order($0.key, $1.key) }) { text += "\(name)\(labelText(labels)) \(Self.number(value))\n" }
        }
        for (metric, series) in snapshot.rates.sorted(by: { $0.key < $1.key }) {
            let name = "k6_\(Self.name(metric))_rate"
            text += "# HELP \(name) k6 rate \(metric): the share of true samples.\n# TYPE \(name) gauge\n"
            for (labels, rate) in series.sorted(by: { Self.order($0.key, $1.key) }) {
                text += "\(name)\(labelText(labels)) \(Self.number(rate.total == 0 ? 0 : Double(rate.trues) / Double(rate.total)))\n"
            }
        }
        for (metric, series) in snapshot.histograms.sorted(by: { $0.key < $1.key }) {
            let name = "k6_\(Self.name(metric))_seconds"
            text += "# HELP \(name) k6 trend \(metric).\n# TYPE \(name) histogram\n"
            for (labels, histogram) in series.sorted(by: { Self.order($0.key, $1.key) }) {
                var cumulative: UInt64 = 0
                for (bound, count) in zip(Self.buckets, histogram.counts) {
                    cumulative += count
                    text += "\(name)_bucket\(labelText(labels, extra: "le=\"\(Self.number(bound))\"")) \(cumulative)\n"
                }
                text += "\(name)_bucket\(labelText(labels, extra: "le=\"+Inf\"")) \(histogram.count)\n"
                text += "\(name)_sum\(labelText(labels)) \(Self.number(histogram.sum))\n"
                text += "\(name)_count\(labelText(labels)) \(histogram.count)\n"
            }
        }
        if let run, !run.thresholds.isEmpty {
            let metrics = run.registry.snapshot()
            let elapsed = ContinuousClock.now - run.start
            text += "# HELP k6_threshold_passing Whether a threshold holds on the run so far (1) or not (0).\n"
            text += "# TYPE k6_threshold_passing gauge\n"
            for threshold in run.thresholds {
                let passed = threshold.evaluate(metrics, duration: elapsed).passed
                text += "k6_threshold_passing{metric=\(Self.quote(threshold.metric.description)),threshold=\(Self.quote(threshold.expression))} \(passed ? 1 : 0)\n"
            }
        }
        return text
    }

    /// A Prometheus metric or label name: letters, digits and `_`.
    static func name(_ text: String) -> String {
        var out = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "_" })
        if let first = out.first, first.isNumber { out = "_" + out }
        return out
    }

    /// A label value, quoted with `\`, `"` and line breaks escaped.
    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    private static func order(_ a: Labels, _ b: Labels) -> Bool {
        a.pairs.map { "\($0.name)=\($0.value)" }.joined(separator: ",") < b.pairs.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
    }
}
