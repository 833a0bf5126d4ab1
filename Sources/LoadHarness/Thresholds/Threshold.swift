import Foundation

/// A k6 threshold: an aggregation of one metric (or sub-metric) compared with a bound, e.g.
/// `p(95)<500` on `http_req_duration` (durations in milliseconds, as in k6).
public struct Threshold: Sendable, CustomStringConvertible {
    /// What is computed from the metric.
    public enum Aggregation: Sendable, Equatable {
        /// Trend mean.
        case avg
        /// Trend minimum; gauge minimum.
        case min
        /// Trend median.
        case med
        /// Trend maximum; gauge maximum.
        case max
        /// Trend percentile (0–100).
        case percentile(Double)
        /// Rate: share of true samples; counter: sum per second.
        case rate
        /// Counter sum; trend sample count.
        case count
        /// Gauge's last value.
        case value
    }

    /// How the aggregate is compared with the bound.
    public enum Comparison: String, Sendable, CaseIterable {
        case lessOrEqual = "<="
        case greaterOrEqual = ">="
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case greater = ">"

        func holds(_ lhs: Double, _ rhs: Double) -> Bool {
            switch self {
            case .less: lhs < rhs
            case .lessOrEqual: lhs <= rhs
            case .greater: lhs > rhs
            case .greaterOrEqual: lhs >= rhs
            case .equal: lhs == rhs
            case .notEqual: lhs != rhs
            }
        }
    }

    /// The metric or sub-metric it applies to.
    public let metric: MetricKey
    /// The expression as written, e.g. `p(95)<500`.
    public let expression: String
    /// What is computed from the metric.
    public let aggregation: Aggregation
    /// How it is compared.
    public let comparison: Comparison
    /// The bound (milliseconds for trends).
    public let bound: Double

    /// Parses `expression` (`p(95)<500`, `avg<200`, `rate<0.01`, `count>0`, …) for `metric`.
    /// - Parameters:
    ///   - metric: the metric or sub-metric, e.g. `http_req_duration{status:200}`.
    ///   - expression: the k6 expression.
    public init(metric: String, expression: String) throws(ThresholdError) {
        self.metric = try Self.parseMetric(metric)
        self.expression = expression
        let text = expression.filter { !$0.isWhitespace }
        guard let comparison = Comparison.allCases.first(where: { text.contains($0.rawValue) }),
            let range = text.range(of: comparison.rawValue)
        else { throw ThresholdError(expression, "no comparison (<, <=, >, >=, ==, !=)") }
        self.comparison = comparison
        let lhs = String(text[..<range.lowerBound])
        let rhs = String(text[range.upperBound...])
        guard let bound = Double(rhs), bound.isFinite else {
            throw ThresholdError(expression, "'\(rhs)' is not a number")
        }
        self.bound = bound
        self.aggregation = try Self.parseAggregation(lhs, in: expression)
    }

    /// Parses `METRIC EXPRESSION` (e.g. `http_req_failed rate<0.01`), or a bare expression on
    /// `defaultMetric`.
    public init(parsing text: String, defaultMetric: String = BuiltinMetric.httpReqDuration) throws(ThresholdError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let space = trimmed.firstIndex(of: " "), !trimmed[..<space].contains(where: { "<>=!(".contains($0) }) {
            try self.init(
                metric: String(trimmed[..<space]),
                expression: trimmed[space...].trimmingCharacters(in: .whitespaces))
        } else {
            try self.init(metric: defaultMetric, expression: trimmed)
        }
    }

    public var description: String { "\(metric) \(expression)" }

    /// Computes the aggregate over `metrics` (a run that lasted `duration`) and compares it.
    public func evaluate(_ metrics: MetricSet, duration: Duration) -> ThresholdResult {
        aggregate(metrics.matching(metric), duration: duration)
    }

    private func aggregate(_ metrics: MetricSet, duration: Duration) -> ThresholdResult {
        func result(_ value: Double?, _ problem: String? = nil) -> ThresholdResult {
            guard let value else {
                return ThresholdResult(threshold: self, value: nil, passed: false, problem: problem)
            }
            return ThresholdResult(threshold: self, value: value, passed: comparison.holds(value, bound), problem: nil)
        }
        if let trend = metrics.trends[metric] {
            switch aggregation {
            case .avg: return result(trend.avg)
            case .min: return result(trend.min)
            case .med: return result(trend.med)
            case .max: return result(trend.max)
            case .percentile(let p): return result(trend.percentile(p))
            case .count: return result(Double(trend.count))
            case .rate, .value: return result(nil, "a trend has no \(aggregation)")
            }
        }
        if let counter = metrics.counters[metric] {
            switch aggregation {
            case .count: return result(counter.count)
            case .rate: return result(counter.rate(over: duration))
            default: return result(nil, "a counter has only count and rate")
            }
        }
        if let rate = metrics.rates[metric] {
            return aggregation == .rate ? result(rate.rate) : result(nil, "a rate has only rate")
        }
        if let gauge = metrics.gauges[metric] {
            switch aggregation {
            case .value: return result(gauge.value)
            case .min: return result(gauge.min)
            case .max: return result(gauge.max)
            default: return result(nil, "a gauge has only value, min and max")
            }
        }
        // Nothing recorded: a count or a rate is zero; a distribution does not exist.
        switch aggregation {
        case .count, .rate: return result(0)
        default: return result(nil, "no samples")
        }
    }

    private static func parseAggregation(_ text: String, in expression: String) throws(ThresholdError) -> Aggregation {
        switch text {
        case "avg": return .avg
        case "min": return .min
        case "med": return .med
        case "max": return .max
        case "rate": return .rate
        case "count": return .count
        case "value": return .value
        default:
            guard text.hasPrefix("p("), text.hasSuffix(")") else {
                throw ThresholdError(expression, "unknown aggregation '\(text)' (avg, min, med, max, p(N), rate, count, value)")
            }
            let number = text.dropFirst(2).dropLast()
            guard let percentile = Double(number), (0...100).contains(percentile) else {
                throw ThresholdError(expression, "percentile '\(number)' is not a number from 0 to 100")
            }
            return .percentile(percentile)
        }
    }

    private static func parseMetric(_ text: String) throws(ThresholdError) -> MetricKey {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard let brace = text.firstIndex(of: "{") else {
            guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ThresholdError(text, "not a metric name")
            }
            return MetricKey(text)
        }
        guard text.hasSuffix("}") else { throw ThresholdError(text, "sub-metric tags must end with }") }
        var tags: [String: String] = [:]
        for pair in text[text.index(after: brace)..<text.index(before: text.endIndex)].split(separator: ",") {
            let parts = pair.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { throw ThresholdError(text, "tag '\(pair)' is not name:value") }
            tags[parts[0]] = parts[1]
        }
        return MetricKey(String(text[..<brace]), tags: tags)
    }
}

/// A threshold that does not parse: the expression and why.
public struct ThresholdError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text that failed.
    public let expression: String
    /// Why.
    public let reason: String

    init(_ expression: String, _ reason: String) {
        self.expression = expression
        self.reason = reason
    }

    public var description: String { "invalid threshold '\(expression)': \(reason)" }
}

/// One threshold's outcome.
public struct ThresholdResult: Sendable {
    /// The threshold.
    public let threshold: Threshold
    /// The aggregate computed, when there was one.
    public let value: Double?
    /// Whether the comparison held (false when nothing could be computed).
    public let passed: Bool
    /// Why no aggregate could be computed.
    public let problem: String?
}
