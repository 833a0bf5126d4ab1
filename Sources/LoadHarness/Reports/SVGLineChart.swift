import Foundation

/// A line chart drawn as inline SVG, for the HTML report: one or more series over the run's
/// seconds, y from zero to a round maximum, a few labelled ticks, a legend. Scales with its box.
struct SVGLineChart {
    /// One line of the chart; a nil value leaves a gap (e.g. percentiles of a second without requests).
    struct Series {
        var name: String
        var color: String
        var values: [Double?]
    }

    /// What the chart shows, read by screen readers and shown as a tooltip.
    var title: String
    /// The unit of the y axis, appended to its labels (e.g. `ms`, `/s`).
    var unit: String
    /// Seconds since the start, one per value of every series.
    var elapsed: [Double]
    /// The lines.
    var series: [Series]

    private let width = 640.0
    private let height = 240.0
    private let left = 52.0
    private let right = 12.0
    private let top = 24.0
    private let bottom = 30.0

    init(title: String, unit: String, elapsed: [Double], series: [Series]) {
        self.title = title
        self.unit = unit
        self.elapsed = elapsed
        self.series = series
    }

    /// The `<svg>` element.
    func render() -> String {
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let maxX = max(elapsed.max() ?? 0, 1)
        let (maxY, stepY) = Self.axis(series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0)
        let stepX = Self.timeStep(maxX)
        func x(_ seconds: Double) -> Double { left + seconds / maxX * plotWidth }
        func y(_ value: Double) -> Double { top + plotHeight - min(max(value, 0), maxY) / maxY * plotHeight }

        var svg = [
            "<svg viewBox=\"0 0 \(Self.format(width)) \(Self.format(height))\" role=\"img\" "
                + "aria-label=\"\(HTMLReport.escape(title))\">",
            "<title>\(HTMLReport.escape(title))</title>",
        ]
        var tick = 0.0
        while tick <= maxY + stepY / 2 {
            let position = Self.format(y(tick))
            svg.append(
                "<line class=\"grid\" x1=\"\(Self.format(left))\" x2=\"\(Self.format(width - right))\" "
                    + "y1=\"\(position)\" y2=\"\(position)\"/>")
            svg.append(
                "<text x=\"\(Self.format(left - 6))\" y=\"\(position)\" text-anchor=\"end\" dominant-baseline=\"middle\">"
                    + "\(HTMLReport.escape(Self.label(tick) + unit))</text>")
            tick += stepY
        }
        tick = 0
        while tick <= maxX + 1e-9 {
            svg.append(
                "<text x=\"\(Self.format(x(tick)))\" y=\"\(Self.format(height - 10))\" text-anchor=\"middle\">"
                    + "\(Self.timeLabel(tick))</text>")
            tick += stepX
        }
        svg.append(
            "<line class=\"axis\" x1=\"\(Self.format(left))\" x2=\"\(Self.format(width - right))\" "
                + "y1=\"\(Self.format(y(0)))\" y2=\"\(Self.format(y(0)))\"/>")
        for line in series {
            for run in Self.runs(of: line.values) {
                let points = run.map { (x: Self.format(x(elapsed[$0])), y: Self.format(y(line.values[$0] ?? 0))) }
                if points.count == 1 {
                    svg.append("<circle cx=\"\(points[0].x)\" cy=\"\(points[0].y)\" r=\"2\" fill=\"\(line.color)\"/>")
                } else {
                    svg.append(
                        "<polyline fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.75\" stroke-linejoin=\"round\" "
                            + "points=\"\(points.map { "\($0.x),\($0.y)" }.joined(separator: " "))\"/>")
                }
            }
        }
        if series.count > 1 {
            var offset = left
            for line in series {
                svg.append(
                    "<rect x=\"\(Self.format(offset))\" y=\"6.5\" width=\"12\" height=\"3\" fill=\"\(line.color)\"/>")
                svg.append(
                    "<text x=\"\(Self.format(offset + 16))\" y=\"8\" dominant-baseline=\"middle\">"
                        + "\(HTMLReport.escape(line.name))</text>")
                offset += 28 + Double(line.name.count) * 7
            }
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    /// Index ranges of consecutive non-nil values, one polyline each.
    private static func runs(of values: [Double?]) -> [[Int]] {
        var runs: [[Int]] = []
        var current: [Int] = []
        for (index, value) in values.enumerated() {
            if value == nil {
                if !current.isEmpty { runs.append(current) }
                current = []
            } else {
                current.append(index)
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// A round axis maximum at or above `value`, and its tick step (1, 2 or 5 times a power of ten).
    static func axis(_ value: Double, ticks: Double = 4) -> (max: Double, step: Double) {
        guard value > 0, value.isFinite else { return (1, 0.25) }
        let rough = value / ticks
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        return ((value / step).rounded(.up) * step, step)
    }

    /// A step for about six time ticks that falls on whole seconds, minutes or hours.
    static func timeStep(_ seconds: Double) -> Double {
        let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400]
        return steps.first { seconds / $0 <= 6 } ?? (seconds / 6 / 3600).rounded(.up) * 3600
    }

    /// A tick value without needless digits: 0, 2.5, 1k, 1.5M.
    static func label(_ value: Double) -> String {
        for (suffix, scale) in [("M", 1e6), ("k", 1e3)] where value >= scale {
            return SummaryReport.number((value / scale * 100).rounded() / 100) + suffix
        }
        return SummaryReport.number((value * 1000).rounded() / 1000)
    }

    /// Seconds as k6 writes durations: 45s, 2m, 1m30s, 1h5m.
    static func timeLabel(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, rest) = (total / 3600, total % 3600 / 60, total % 60)
        if hours > 0 { return minutes > 0 ? "\(hours)h\(minutes)m" : "\(hours)h" }
        if minutes > 0 { return rest > 0 ? "\(minutes)m\(rest)s" : "\(minutes)m" }
        return "\(rest)s"
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
