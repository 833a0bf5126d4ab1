import Foundation

/// Two runs side by side (`connect-load compare BASE.json NEW.json`, `run --baseline FILE.json`):
/// every metric and sub-metric of either, with exact percentiles from the stored histograms, and
/// the regression gates judged on them. Rendered as Markdown (a pull request comment) or HTML.
public struct RunComparison: Sendable {
    /// One aggregate of one metric in both runs.
    public struct Cell: Sendable {
        public let base: Double?
        public let new: Double?

        /// The relative change, when both exist and the base is not zero.
        public var change: Double? {
            guard let base, let new, base != 0 else { return nil }
            return (new - base) / abs(base)
        }
    }

    /// One metric's row: its kind and its aggregates by column name.
    public struct Row: Sendable {
        public let key: MetricKey
        public let kind: Kind
        public let cells: [String: Cell]
    }

    /// What a metric records, and the columns shown for it.
    public enum Kind: String, Sendable, CaseIterable {
        case trend, counter, rate, gauge

        public var columns: [String] {
            switch self {
            case .trend: ["avg", "med", "p(90)", "p(95)", "p(99)", "max", "count"]
            case .counter: ["count", "rate"]
            case .rate: ["rate", "total"]
            case .gauge: ["value", "min", "max"]
            }
        }
    }

    public let base: RunSummary
    public let new: RunSummary
    public let rows: [Row]
    public let gates: [RegressionGate.Result]

    /// Whether every gate held.
    public var passed: Bool { gates.allSatisfy(\.passed) }

    public init(base: RunSummary, new: RunSummary, gates: [RegressionGate] = []) {
        self.base = base
        self.new = new
        self.gates = gates.map { $0.evaluate(base: base, new: new) }
        var rows: [Row] = []
        func row<Metric>(_ kind: Kind, _ keyPath: KeyPath<MetricSet, [MetricKey: Metric]>, _ values: (Metric, Duration) -> [String: Double]) {
            let keys = Set(base.metrics[keyPath: keyPath].keys).union(new.metrics[keyPath: keyPath].keys)
            for key in keys.sorted() {
                let before = base.metrics[keyPath: keyPath][key].map { values($0, base.duration) } ?? [:]
                let after = new.metrics[keyPath: keyPath][key].map { values($0, new.duration) } ?? [:]
                rows.append(Row(key: key, kind: kind, cells: Dictionary(uniqueKeysWithValues: kind.columns.map {
                    ($0, Cell(base: before[$0], new: after[$0]))
                })))
            }
        }
        row(.trend, \.trends) { trend, _ in
            [
                "avg": trend.avg, "med": trend.med, "p(90)": trend.percentile(90), "p(95)": trend.percentile(95),
                "p(99)": trend.percentile(99), "max": trend.max, "count": Double(trend.count),
            ]
        }
        row(.counter, \.counters) { counter, duration in ["count": counter.count, "rate": counter.rate(over: duration)] }
        row(.rate, \.rates) { rate, _ in ["rate": rate.rate, "total": Double(rate.total)] }
        row(.gauge, \.gauges) { gauge, _ in ["value": gauge.value, "min": gauge.min, "max": gauge.max] }
        self.rows = rows
    }
}
