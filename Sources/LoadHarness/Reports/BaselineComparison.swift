import Foundation

/// A run's figures beside a baseline's for the same scenario, as a small text table:
/// metric | original | ours | ours/original (requests, req/s, p95, failed rate, VUs peak).
public struct BaselineComparison: Sendable {
    /// The published figures.
    public let baseline: Baseline
    /// Our run.
    public let summary: RunSummary

    /// - Parameters:
    ///   - baseline: the published figures, e.g. ``Baseline/phase2``.
    ///   - summary: our run.
    public init(baseline: Baseline, summary: RunSummary) {
        self.baseline = baseline
        self.summary = summary
    }

    /// The baseline's figures for the run's scenario, nil when it has none.
    public var figures: Baseline.Figures? { baseline.scenarios[summary.scenario] }

    /// The table, or a one-line message when the baseline has no figures for the scenario.
    public func render() -> String {
        guard let figures else {
            let known = baseline.scenarios.keys.sorted().joined(separator: ", ")
            return "no \(baseline.name) baseline for \(summary.scenario) (known: \(known))\n"
        }
        let metrics = summary.metrics
        let requests = metrics.counters[MetricKey(BuiltinMetric.httpReqs)]?.count ?? 0
        let latency = metrics.trends[MetricKey(BuiltinMetric.httpReqDuration)]
        let failed = metrics.rates[MetricKey(BuiltinMetric.httpReqFailed)]
        let vus = metrics.gauges[MetricKey(BuiltinMetric.vus)] ?? metrics.gauges[MetricKey(BuiltinMetric.vusMax)]

        var rows: [[String]] = [["metric", "original", "ours", "ours/original"]]
        func add(_ name: String, _ original: Double?, _ ours: Double?, _ format: (Double) -> String) {
            let ratio = original.flatMap { original in ours.map { original > 0 ? String(format: "%.2f×", $0 / original) : "–" } }
            rows.append([name, original.map(format) ?? "–", ours.map(format) ?? "–", ratio ?? "–"])
        }
        add("requests", Double(figures.requests), requests, Self.grouped)
        add("req/s", figures.requestsPerSecond, requests / max(summary.durationSeconds, 1e-9)) { String(format: "%.2f", $0) }
        add("p95", figures.p95Milliseconds, latency.map { $0.percentile(95) }, SummaryReport.milliseconds)
        add("failed rate", figures.failedRate, failed.map(\.rate)) { String(format: "%.2f%%", $0 * 100) }
        if let peak = figures.peakVUs { add("VUs peak", Double(peak), vus.map(\.max), Self.grouped) }

        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = ["  BASELINE \(baseline.name): \(summary.scenario), \(baseline.origin) beside ours", ""]
        for row in rows {
            let cells = row.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - row[column].count)
                return column == 0 ? row[column] + padding : padding + row[column]
            }
            lines.append("    " + cells.joined(separator: "   "))
        }
        if !figures.notes.isEmpty { lines.append("") }
        for note in figures.notes { lines.append("    note: \(note)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A whole number with thousands separators (13,656); others as the summary writes them.
    static func grouped(_ value: Double) -> String {
        guard value.rounded() == value, abs(value) < 1e15 else { return SummaryReport.number(value) }
        let digits = String(Int64(abs(value)))
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: ",")
    }
}
