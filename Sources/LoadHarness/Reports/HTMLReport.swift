import Foundation

/// The run as one self-contained HTML page (no external scripts, fonts or styles): scenario,
/// date and duration, key figures, thresholds ✓/✗, charts over time (requests/s, latency
/// p50/p95/p99, VUs, failed requests/s) drawn as inline SVG, every metric and sub-metric with
/// the text summary's values, and the baseline comparison when one is given.
public struct HTMLReport: Sendable {
    /// The run shown.
    public let summary: RunSummary
    /// The comparison with another platform's figures, shown at the end when given.
    public let baseline: BaselineComparison?

    /// - Parameters:
    ///   - summary: the run to show.
    ///   - baseline: a comparison to show beside it.
    public init(summary: RunSummary, baseline: BaselineComparison? = nil) {
        self.summary = summary
        self.baseline = baseline
    }

    /// The page.
    public func render() -> String {
        var sections = [header(), figures()]
        if !summary.thresholds.isEmpty { sections.append(thresholds()) }
        sections.append(charts())
        sections.append(metricTables())
        if let baseline {
            sections.append(
                "<section><h2>Baseline \(Self.escape(baseline.baseline.name))</h2>"
                    + "<pre>\(Self.escape(baseline.render()))</pre></section>")
        }
        return Self.page(title: "connect-load: \(summary.scenario)", style: Self.style, body: """
            <main>
            \(sections.joined(separator: "\n"))
            <footer>connect-load · \(summary.runs > 1 ? Self.mergedNote : "chart points are per second; the tables cover the whole run.")</footer>
            </main>
            """)
    }

    /// A self-contained HTML page around `body` (already HTML), with `title` escaped.
    static func page(title: String, style: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    private static let mergedNote =
        "chart points are per second; in a merged run their percentiles are request-weighted means of the segments' "
        + "(approximate), while the tables are exact and cover the whole run."

    /// Writes the page to `url`.
    public func write(to url: URL) throws {
        try Data(render().utf8).write(to: url, options: .atomic)
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` escaped, safe in element content and quoted attributes.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    // MARK: Sections

    private func header() -> String {
        var facts = [
            "started \(summary.startedAt.formatted(Date.ISO8601FormatStyle()))",
            "duration \(Self.duration(summary.durationSeconds))",
        ]
        if let segment = summary.segment { facts.append("segment \(segment)") }
        if summary.runs > 1 { facts.append("merged from \(summary.runs) runs") }
        let status =
            summary.thresholds.isEmpty
            ? "" : summary.passed ? " <span class=\"badge pass\">✓ passed</span>" : " <span class=\"badge fail\">✗ failed</span>"
        return """
            <header><h1>\(Self.escape(summary.scenario))\(status)</h1>
            <p class="meta">\(facts.map(Self.escape).joined(separator: " · "))</p></header>
            """
    }

    private func figures() -> String {
        let metrics = summary.metrics
        var cards: [(String, String)] = []
        if let requests = metrics.counters[MetricKey(BuiltinMetric.httpReqs)] {
            cards.append(("requests", SummaryReport.number(requests.count)))
            cards.append(("requests/s", String(format: "%.2f", requests.rate(over: summary.duration))))
        }
        if let latency = metrics.trends[MetricKey(BuiltinMetric.httpReqDuration)] {
            cards.append(("p(95) latency", SummaryReport.milliseconds(latency.percentile(95))))
        }
        if let failed = metrics.rates[MetricKey(BuiltinMetric.httpReqFailed)] {
            cards.append(("failed", String(format: "%.2f%%", failed.rate * 100)))
        }
        if let vus = metrics.gauges[MetricKey(BuiltinMetric.vusMax)] ?? metrics.gauges[MetricKey(BuiltinMetric.vus)] {
            cards.append(("VUs max", SummaryReport.number(vus.max)))
        }
        if let iterations = metrics.counters[MetricKey(BuiltinMetric.iterations)] {
            cards.append(("iterations", SummaryReport.number(iterations.count)))
        }
        guard !cards.isEmpty else { return "" }
        let items = cards.map { "<div><dt>\(Self.escape($0.0))</dt><dd>\(Self.escape($0.1))</dd></div>" }
        return "<dl class=\"figures\">\(items.joined())</dl>"
    }

    private func thresholds() -> String {
        let report = summary.report
        let rows = summary.thresholds.map { result in
            let value = result.value.map { report.formatAggregate($0, of: result.threshold) } ?? (result.problem ?? "")
            let mark = result.passed ? "<td class=\"pass\">✓</td>" : "<td class=\"fail\">✗</td>"
            let abort = summary.abortsOnFail(result.threshold) ? " <small>abortOnFail</small>" : ""
            return "<tr>\(mark)<td>\(Self.escape(result.threshold.metric.description))</td>"
                + "<td><code>\(Self.escape(result.threshold.expression))</code>\(abort)</td><td>\(Self.escape(value))</td></tr>"
        }
        return """
            <section><h2>Thresholds</h2><div class="scroll"><table>
            <thead><tr><th></th><th>metric</th><th>threshold</th><th>value</th></tr></thead>
            <tbody>\(rows.joined(separator: "\n"))</tbody></table></div></section>
            """
    }

    private func charts() -> String {
        let points = summary.timeSeries
        guard !points.isEmpty else { return "<section><h2>Over time</h2><p>No time series was recorded.</p></section>" }
        let elapsed = points.map(\.elapsed)
        let seconds = points.indices.map { index in
            let interval = points[index].elapsed - (index == 0 ? 0 : points[index - 1].elapsed)
            return interval > 0 ? interval : 1
        }
        func perSecond(_ value: KeyPath<TimeSeriesPoint, Int>) -> [Double?] {
            points.indices.map { Double(points[$0][keyPath: value]) / seconds[$0] }
        }
        func latency(_ value: KeyPath<TimeSeriesPoint, Double>) -> [Double?] {
            points.map { $0.requests > 0 ? $0[keyPath: value] : nil }
        }
        let charts = [
            SVGLineChart(
                title: "Requests per second", unit: "/s", elapsed: elapsed,
                series: [.init(name: "requests/s", color: "#2563eb", values: perSecond(\.requests))]),
            SVGLineChart(
                title: "Latency (http_req_duration)", unit: "ms", elapsed: elapsed,
                series: [
                    .init(name: "p50", color: "#16a34a", values: latency(\.p50)),
                    .init(name: "p95", color: "#ea580c", values: latency(\.p95)),
                    .init(name: "p99", color: "#dc2626", values: latency(\.p99)),
                ]),
            SVGLineChart(
                title: "Virtual users", unit: "", elapsed: elapsed,
                series: [.init(name: "VUs", color: "#7c3aed", values: points.map { Double($0.vus) })]),
            SVGLineChart(
                title: "Failed requests per second", unit: "/s", elapsed: elapsed,
                series: [.init(name: "failed/s", color: "#dc2626", values: perSecond(\.failed))]),
        ]
        let figures = charts.map { "<figure><figcaption>\(Self.escape($0.title))</figcaption>\n\($0.render())</figure>" }
        return "<section><h2>Over time</h2><div class=\"charts\">\(figures.joined(separator: "\n"))</div></section>"
    }

    private func metricTables() -> String {
        let metrics = summary.metrics
        let keys = metrics.keys
        let percentiles = SummaryReport.defaultPercentiles
        var tables: [String] = []

        let trendKeys = keys.filter { metrics.trends[$0] != nil }
        if !trendKeys.isEmpty {
            let head = ["avg", "min", "med", "max"] + percentiles.map { "p(\(SummaryReport.number($0)))" } + ["count"]
            let rows = trendKeys.compactMap { key in
                metrics.trends[key].map { trend in
                    let values = [trend.avg, trend.min, trend.med, trend.max] + percentiles.map { trend.percentile($0) }
                    return row(key, values.map(SummaryReport.milliseconds) + [String(trend.count)])
                }
            }
            tables.append(table("Trends", head, rows))
        }
        let counterKeys = keys.filter { metrics.counters[$0] != nil }
        if !counterKeys.isEmpty {
            let rows = counterKeys.compactMap { key in
                metrics.counters[key].map { counter in
                    let perSecond = counter.rate(over: summary.duration)
                    if key.name == BuiltinMetric.dataSent || key.name == BuiltinMetric.dataReceived {
                        return row(key, [SummaryReport.bytes(counter.count), SummaryReport.bytes(perSecond) + "/s"])
                    }
                    return row(key, [SummaryReport.number(counter.count), String(format: "%.2f/s", perSecond)])
                }
            }
            tables.append(table("Counters", ["count", "rate"], rows))
        }
        let rateKeys = keys.filter { metrics.rates[$0] != nil }
        if !rateKeys.isEmpty {
            let rows = rateKeys.compactMap { key in
                metrics.rates[key].map { rate in
                    row(key, [String(format: "%.2f%%", rate.rate * 100), String(rate.passes), String(rate.total)])
                }
            }
            tables.append(table("Rates", ["rate", "true", "out of"], rows))
        }
        let gaugeKeys = keys.filter { metrics.gauges[$0] != nil }
        if !gaugeKeys.isEmpty {
            let rows = gaugeKeys.compactMap { key in
                metrics.gauges[key].map { gauge in
                    row(key, [gauge.value, gauge.min, gauge.max].map(SummaryReport.number))
                }
            }
            tables.append(table("Gauges", ["value", "min", "max"], rows))
        }
        return "<section><h2>Metrics</h2>\n\(tables.joined(separator: "\n"))</section>"
    }

    private func table(_ title: String, _ head: [String], _ rows: [String]) -> String {
        let headings = (["metric"] + head).map { "<th>\(Self.escape($0))</th>" }.joined()
        return """
            <h3>\(Self.escape(title))</h3><div class="scroll"><table class="metrics">
            <thead><tr>\(headings)</tr></thead>
            <tbody>\(rows.joined(separator: "\n"))</tbody></table></div>
            """
    }

    private func row(_ key: MetricKey, _ values: [String]) -> String {
        let name =
            key.tags.isEmpty
            ? "<th>\(Self.escape(key.name))</th>"
            : "<th class=\"sub\">{ \(Self.escape(key.tags.map { "\($0.name):\($0.value)" }.joined(separator: ", "))) }</th>"
        return "<tr>\(name)\(values.map { "<td>\(Self.escape($0))</td>" }.joined())</tr>"
    }

    /// Seconds as `30.0s` or `27m0.4s`.
    private static func duration(_ seconds: Double) -> String {
        let minutes = Int(seconds / 60)
        return minutes > 0 ? String(format: "%dm%.1fs", minutes, seconds - Double(minutes * 60)) : String(format: "%.1fs", seconds)
    }

    private static let style = """
        :root{color-scheme:light dark;--fg:#1f2328;--muted:#656d76;--bg:#fff;--line:#d0d7de;--card:#f6f8fa;\
        --pass:#1a7f37;--fail:#cf222e}
        @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#8d96a0;--bg:#0d1117;--line:#30363d;\
        --card:#161b22;--pass:#3fb950;--fail:#f85149}}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--fg);\
        font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{max-width:1100px;margin:0 auto;padding:16px}
        h1{font-size:1.5rem;margin:.2em 0}h2{font-size:1.15rem;margin:1.6em 0 .5em}h3{font-size:1rem;margin:1.2em 0 .4em}
        .meta,footer{color:var(--muted)}footer{margin:2em 0 1em;font-size:.85rem}
        .badge{font-size:.8rem;padding:2px 8px;border-radius:10px;vertical-align:middle;color:#fff}
        .badge.pass{background:var(--pass)}.badge.fail{background:var(--fail)}
        td.pass{color:var(--pass)}td.fail{color:var(--fail)}
        .figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:8px;margin:1em 0}
        .figures div{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:8px 12px}
        .figures dt{color:var(--muted);font-size:.8rem}.figures dd{margin:0;font-size:1.25rem;font-weight:600}
        .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}
        figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:6px;padding:8px}
        figcaption{font-weight:600;font-size:.9rem;margin-bottom:4px}
        svg{width:100%;height:auto;display:block}
        svg text{fill:var(--muted);font-size:11px}
        svg .grid{stroke:var(--line);stroke-width:1}svg .axis{stroke:var(--muted);stroke-width:1}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;font-size:.9rem;font-variant-numeric:tabular-nums}
        th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
        thead th{color:var(--muted);font-weight:600}
        table.metrics td,table.metrics thead th+th{text-align:right}
        tbody th{font-weight:500}th.sub{padding-left:26px;font-weight:400;color:var(--muted)}
        pre{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px;overflow-x:auto}
        """
}
