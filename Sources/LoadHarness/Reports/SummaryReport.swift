import Foundation

/// The end-of-test summary, laid out like k6's: thresholds with ✓/✗, then one line per metric
/// and sub-metric (trends: avg, min, med, max and the chosen percentiles).
public struct SummaryReport: Sendable {
    /// Everything recorded.
    public let metrics: MetricSet
    /// How long the run took (counters' per-second rates use it).
    public let duration: Duration
    /// The evaluated thresholds.
    public let thresholds: [ThresholdResult]
    /// The percentiles shown for trends, k6's defaults plus p(99).
    public let percentiles: [Double]
    /// The percentiles shown unless others are chosen: p(90), p(95), p(99).
    public static let defaultPercentiles: [Double] = [90, 95, 99]

    /// - Parameters:
    ///   - metrics: everything recorded.
    ///   - duration: how long the run took.
    ///   - thresholds: the evaluated thresholds.
    ///   - percentiles: the percentiles shown for trends.
    public init(
        metrics: MetricSet, duration: Duration, thresholds: [ThresholdResult] = [], percentiles: [Double] = defaultPercentiles
    ) {
        self.metrics = metrics
        self.duration = duration
        self.thresholds = thresholds
        self.percentiles = percentiles
    }

    /// Whether every threshold passed.
    public var passed: Bool { thresholds.allSatisfy(\.passed) }

    /// The summary as text.
    public func render() -> String {
        var lines: [String] = []
        if !thresholds.isEmpty {
            lines.append("  THRESHOLDS")
            lines.append("")
            for result in thresholds {
                let mark = result.passed ? "✓" : "✗"
                let detail = result.value.map { formatAggregate($0, of: result.threshold) } ?? (result.problem ?? "")
                lines.append("    \(mark) \(result.threshold.metric) '\(result.threshold.expression)' \(detail)")
            }
            lines.append("")
        }
        lines.append("  METRICS")
        lines.append("")
        let keys = metrics.keys
        let width = (keys.map { label($0).count }.max() ?? 0) + 3
        for key in keys {
            let name = label(key)
            let dots = String(repeating: ".", count: max(width - name.count, 3))
            lines.append("    \(name)\(dots): \(values(of: key))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func label(_ key: MetricKey) -> String {
        key.tags.isEmpty ? key.name : "  { \(key.tags.map { "\($0.name):\($0.value)" }.joined(separator: ", ")) }"
    }

    private func values(of key: MetricKey) -> String {
        if let trend = metrics.trends[key] {
            let fixed = [("avg", trend.avg), ("min", trend.min), ("med", trend.med), ("max", trend.max)]
            let chosen = percentiles.map { ("p(\(Self.number($0)))", trend.percentile($0)) }
            return (fixed + chosen).map { "\($0.0)=\(Self.milliseconds($0.1))" }.joined(separator: " ")
        }
        if let counter = metrics.counters[key] {
            let perSecond = counter.rate(over: duration)
            if key.name == BuiltinMetric.dataSent || key.name == BuiltinMetric.dataReceived {
                return "\(Self.bytes(counter.count)) \(Self.bytes(perSecond))/s"
            }
            return "\(Self.number(counter.count)) \(String(format: "%.2f", perSecond))/s"
        }
        if let rate = metrics.rates[key] {
            return String(format: "%.2f%% ", rate.rate * 100) + "\(rate.passes) out of \(rate.total)"
        }
        if let gauge = metrics.gauges[key] {
            return "\(Self.number(gauge.value)) min=\(Self.number(gauge.min)) max=\(Self.number(gauge.max))"
        }
        return ""
    }

    func formatAggregate(_ value: Double, of threshold: Threshold) -> String {
        let name: String
        switch threshold.aggregation {
        case .avg: name = "avg"
        case .min: name = "min"
        case .med: name = "med"
        case .max: name = "max"
        case .percentile(let p): name = "p(\(Self.number(p)))"
        case .rate: name = "rate"
        case .count: name = "count"
        case .value: name = "value"
        }
        // A sub-metric threshold selects every tag set that includes its tags, so look it up the same way.
        let isTime = metrics.matching(threshold.metric).trends[threshold.metric] != nil && threshold.aggregation != .count
        return "\(name)=\(isTime ? Self.milliseconds(value) : Self.number(value))"
    }

    /// A duration in milliseconds, in k6's units: µs below 1 ms, s from 1 s.
    static func milliseconds(_ value: Double) -> String {
        if value < 1 { return String(format: "%.0fµs", value * 1000) }
        if value < 1000 { return String(format: "%.2fms", value) }
        return String(format: "%.2fs", value / 1000)
    }

    /// Bytes in SI units, as k6 prints them.
    static func bytes(_ value: Double) -> String {
        for (unit, scale) in [("GB", 1e9), ("MB", 1e6), ("kB", 1e3)] where value >= scale {
            return String(format: "%.1f ", value / scale) + unit
        }
        return String(format: "%.0f B", value)
    }

    /// A number without a trailing `.0`.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.4g", value)
    }
}
