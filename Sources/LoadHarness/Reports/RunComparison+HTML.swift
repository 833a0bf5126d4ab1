import Foundation

extension RunComparison {
    /// One self-contained page: the two runs, the gates, and a table per kind of metric; a rise
    /// of a duration or of a failure rate is shown in red, a fall in green.
    public func html() -> String {
        var sections: [String] = []
        sections.append("""
            <h1>connect-load compare</h1>
            <table><tr><th></th><th>scenario</th><th>started</th><th>duration</th><th>segments</th></tr>
            \([("base", base), ("new", new)].map { label, summary in
                "<tr><td>\(label)</td><td>\(HTMLReport.escape(summary.scenario))</td><td>\(StartTime(summary.startedAt))</td>"
                    + "<td>\(String(format: "%.1f s", summary.durationSeconds))</td><td>\(summary.runs)</td></tr>"
            }.joined(separator: "\n"))
            </table>
            """)
        if !gates.isEmpty {
            let rows = gates.map { result -> String in
                let unit = Self.unit(of: result.gate)
                let verdict = result.passed ? "✓ held" : (result.problem.map { "✗ \($0)" } ?? "✗ regression")
                return "<tr class=\"\(result.passed ? "held" : "failed")\"><td><code>\(HTMLReport.escape(result.gate.text))</code></td>"
                    + "<td>\(Self.format(result.base, unit))</td><td>\(Self.format(result.new, unit))</td>"
                    + "<td>\(Self.formatChange(Cell(base: result.base, new: result.new)))</td><td>\(HTMLReport.escape(verdict))</td></tr>"
            }
            sections.append("""
                <h2>Gates: \(passed ? "all held" : "regression")</h2>
                <table><tr><th>gate</th><th>base</th><th>new</th><th>change</th><th>verdict</th></tr>
                \(rows.joined(separator: "\n"))
                </table>
                """)
        }
        for kind in Kind.allCases {
            let kindRows = rows.filter { $0.kind == kind }
            guard !kindRows.isEmpty else { continue }
            let header = "<tr><th>metric</th>" + kind.columns.map { "<th>\(HTMLReport.escape($0))</th>" }.joined() + "</tr>"
            let body = kindRows.map { row -> String in
                let cells = kind.columns.map { column -> String in
                    guard let cell = row.cells[column] else { return "<td>—</td>" }
                    let unit = Self.unit(kind: kind, column: column, metric: row.key.name)
                    let worse = Self.isWorse(row: row, column: column, cell: cell)
                    let change = Self.formatChange(cell)
                    return "<td class=\"\(worse.map { $0 ? "worse" : "better" } ?? "")\">"
                        + "\(Self.format(cell.base, unit)) → \(Self.format(cell.new, unit))"
                        + (change.isEmpty ? "" : "<br><small>\(change)</small>") + "</td>"
                }
                return "<tr><td><code>\(HTMLReport.escape(row.key.description))</code></td>\(cells.joined())</tr>"
            }
            sections.append("<h2>\(HTMLReport.escape(Self.title(kind)))</h2>\n<table>\(header)\n\(body.joined(separator: "\n"))</table>")
        }
        return HTMLReport.page(
            title: "connect-load compare: \(base.scenario) → \(new.scenario)", style: Self.style, body: sections.joined(separator: "\n"))
    }

    private static let style = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
        table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
        th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; vertical-align: top; }
        th:first-child, td:first-child { text-align: left; }
        .worse, tr.failed td { background: #fde2e1; }
        .better, tr.held td { background: #e3f6e5; }
        small { color: #555; }
        """

    /// For durations and failure rates higher is worse; for throughput lower is; nil when it is
    /// neither (counts of samples, gauges) or nothing changed.
    static func isWorse(row: Row, column: String, cell: Cell) -> Bool? {
        guard let base = cell.base, let new = cell.new, base != new else { return nil }
        switch (row.kind, column) {
        case (.trend, "count"): return nil
        case (.trend, _): return new > base
        case (.rate, "rate"): return row.key.name == "checks" ? new < base : new > base
        case (.counter, "rate") where ["http_reqs", "iterations"].contains(row.key.name): return new < base
        default: return nil
        }
    }
}
