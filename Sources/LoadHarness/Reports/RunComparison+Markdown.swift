import Foundation

extension RunComparison {
    /// GitHub-flavoured Markdown: the gates first, then one table per kind of metric, each cell
    /// `base → new (±change)`.
    public func markdown() -> String {
        var lines: [String] = []
        lines.append("## connect-load compare: \(base.scenario) → \(new.scenario)")
        lines.append("")
        lines.append("| | scenario | started | duration | segments |")
        lines.append("| --- | --- | --- | ---: | ---: |")
        for (label, summary) in [("base", base), ("new", new)] {
            lines.append("| \(label) | \(summary.scenario) | \(StartTime(summary.startedAt)) | \(String(format: "%.1f s", summary.durationSeconds)) | \(summary.runs) |")
        }
        lines.append("")
        if !gates.isEmpty {
            lines.append(passed ? "**Gates: all held.**" : "**Gates: regression.**")
            lines.append("")
            lines.append("| gate | base | new | change | verdict |")
            lines.append("| --- | ---: | ---: | ---: | --- |")
            for result in gates {
                let unit = Self.unit(of: result.gate)
                let change = Cell(base: result.base, new: result.new)
                let verdict = result.passed ? "✓ held" : (result.problem.map { "✗ \($0)" } ?? "✗ regression")
                lines.append(
                    "| `\(result.gate.text)` | \(Self.format(result.base, unit)) | \(Self.format(result.new, unit)) | \(Self.formatChange(change)) | \(verdict) |")
            }
            lines.append("")
        }
        for kind in Kind.allCases {
            let rows = rows.filter { $0.kind == kind }
            guard !rows.isEmpty else { continue }
            lines.append("### \(Self.title(kind))")
            lines.append("")
            lines.append("| metric | " + kind.columns.joined(separator: " | ") + " |")
            lines.append("| --- |" + String(repeating: " ---: |", count: kind.columns.count))
            for row in rows {
                let cells = kind.columns.map { column -> String in
                    guard let cell = row.cells[column] else { return "—" }
                    let unit = Self.unit(kind: kind, column: column, metric: row.key.name)
                    let change = Self.formatChange(cell)
                    return "\(Self.format(cell.base, unit)) → \(Self.format(cell.new, unit))" + (change.isEmpty ? "" : " (\(change))")
                }
                lines.append("| `\(row.key)` | " + cells.joined(separator: " | ") + " |")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// How a value is shown.
    enum Unit {
        case milliseconds, count, perSecond, fraction, bytes, plain
    }

    static func title(_ kind: Kind) -> String {
        switch kind {
        case .trend: "Trends (durations; exact percentiles from the histograms)"
        case .counter: "Counters"
        case .rate: "Rates"
        case .gauge: "Gauges"
        }
    }

    static func unit(kind: Kind, column: String, metric: String) -> Unit {
        switch (kind, column) {
        case (.trend, "count"), (.counter, "count"), (.rate, "total"): metric.hasPrefix("data_") && kind == .counter ? .bytes : .count
        case (.trend, _): .milliseconds
        case (.counter, "rate"): .perSecond
        case (.rate, "rate"): .fraction
        default: .plain
        }
    }

    static func unit(of gate: RegressionGate) -> Unit {
        switch gate.aggregation {
        case "count": .count
        case "rate": gate.metric.name.hasSuffix("_failed") || gate.metric.name == "checks" ? .fraction : .perSecond
        case "value": .plain
        default: .milliseconds
        }
    }

    static func format(_ value: Double?, _ unit: Unit) -> String {
        guard let value else { return "—" }
        switch unit {
        case .milliseconds: return SummaryReport.milliseconds(value)
        case .count: return String(format: "%.0f", value)
        case .perSecond: return String(format: "%.1f/s", value)
        case .fraction: return String(format: "%.2f %%", value * 100)
        case .bytes: return SummaryReport.bytes(value)
        case .plain: return String(format: "%g", value)
        }
    }

    /// `+12.3 %`, `−4.0 %`, `±0 %`, or empty when there is nothing to compare.
    static func formatChange(_ cell: Cell) -> String {
        guard let base = cell.base, let new = cell.new else { return "" }
        if base == new { return "±0 %" }
        guard let change = cell.change else { return new > base ? "new" : "" }
        return String(format: "%@%.1f %%", change >= 0 ? "+" : "−", abs(change) * 100)
    }
}
