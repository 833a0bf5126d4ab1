import Foundation

/// A rule that fails a comparison of two runs (`connect-load compare --fail-on`), e.g.
/// `http_req_duration p(95) > +10%`, `http_req_duration{type:ai} med > +50ms`,
/// `http_req_failed rate > +0.005` or `http_reqs rate < -5%`: the metric (or sub-metric), a k6
/// aggregation, and how far the new run's value may move from the base's — relative (`%`) or
/// absolute in the metric's unit (milliseconds for trends; `ms`, `s` and `us` are accepted).
public struct RegressionGate: Sendable, CustomStringConvertible {
    /// Which way is a regression.
    public enum Direction: String, Sendable {
        /// The value may not rise by more than the bound.
        case rise = ">"
        /// The value may not fall by more than the bound.
        case fall = "<"
    }

    /// How far the value may move.
    public enum Bound: Sendable, Equatable {
        /// A fraction of the base value (`+10%` is 0.1).
        case relative(Double)
        /// An amount in the metric's unit.
        case absolute(Double)
    }

    /// One gate judged on two runs.
    public struct Result: Sendable {
        public let gate: RegressionGate
        public let base: Double?
        public let new: Double?
        /// Whether the gate held (false also when either value is missing).
        public let passed: Bool
        /// Why it could not be judged, when a value is missing.
        public let problem: String?
    }

    /// The rule as written.
    public let text: String
    /// The metric or sub-metric.
    public var metric: MetricKey { probe.metric }
    /// The aggregation as written, e.g. `p(95)`.
    public let aggregation: String
    public let direction: Direction
    public let bound: Bound
    /// A threshold on the same metric and aggregation, used to compute the aggregate exactly as
    /// thresholds do (sub-metrics matched by tags, counters' rates over the run's duration).
    private let probe: Threshold

    /// Parses `METRIC AGGREGATION (>|<) (+|-)AMOUNT[%|ms|s|us]`.
    public init(parsing text: String) throws(ThresholdError) {
        self.text = text
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count == 4 else {
            throw ThresholdError(text, "expected 'METRIC AGGREGATION > +N%' (four words), e.g. 'http_req_duration p(95) > +10%'")
        }
        guard let direction = Direction(rawValue: words[2]) else { throw ThresholdError(text, "the comparison must be > or <") }
        self.direction = direction
        self.aggregation = words[1]
        var amount = Substring(words[3])
        let sign: Double
        switch amount.first {
        case "+": sign = 1
        case "-": sign = -1
        default: throw ThresholdError(text, "the amount '\(amount)' needs a sign: + to bound a rise, - a fall")
        }
        guard (sign > 0) == (direction == .rise) else {
            throw ThresholdError(text, "'> +N' bounds a rise and '< -N' a fall")
        }
        amount = amount.dropFirst()
        var scale = 1.0
        var relative = false
        for (suffix, factor) in [("%", 0.01), ("ms", 1.0), ("us", 0.001), ("µs", 0.001), ("s", 1000.0)] where amount.hasSuffix(suffix) {
            amount = amount.dropLast(suffix.count)
            scale = factor
            relative = suffix == "%"
            break
        }
        guard let value = Double(amount), value.isFinite, value >= 0 else { throw ThresholdError(text, "'\(words[3])' is not an amount") }
        self.bound = relative ? .relative(sign * value * scale) : .absolute(sign * value * scale)
        self.probe = try Threshold(metric: words[0], expression: "\(words[1])<0")
    }

    public var description: String { text }

    /// Judges the gate on a base run and a new one.
    public func evaluate(base: RunSummary, new: RunSummary) -> Result {
        let before = probe.evaluate(base.metrics, duration: base.duration)
        let after = probe.evaluate(new.metrics, duration: new.duration)
        guard let baseValue = before.value, let newValue = after.value else {
            let problem = before.value == nil ? "base: \(before.problem ?? "no value")" : "new: \(after.problem ?? "no value")"
            return Result(gate: self, base: before.value, new: after.value, passed: false, problem: problem)
        }
        let change: Double
        let limit: Double
        switch bound {
        case .absolute(let amount):
            change = newValue - baseValue
            limit = amount
        case .relative(let fraction):
            change = baseValue == 0 ? (newValue == 0 ? 0 : (newValue > 0 ? .infinity : -.infinity)) : (newValue - baseValue) / abs(baseValue)
            limit = fraction
        }
        let passed = direction == .rise ? change <= limit : change >= limit
        return Result(gate: self, base: baseValue, new: newValue, passed: passed, problem: nil)
    }
}
