import Foundation
import Synchronization

/// `--out json=FILE`: k6's JSON output, one object per line: a `Metric` line the first time a
/// metric appears (its type, what it contains, its thresholds), then a `Point` line per value:
/// `{"type":"Point","data":{"time":"…","value":1,"tags":{…}},"metric":"http_reqs"}`.
public final class NDJSONOutput: LiveOutput {
    private struct State {
        var declared: Set<String> = []
        var timestamp = Timestamp()
    }
    private let file: OutputFile
    private let thresholds: [String: [String]]
    private let state = Mutex(State())

    /// - Parameters:
    ///   - path: the file, created or truncated; `-` for standard output.
    ///   - thresholds: the thresholds' expressions by metric name, for the `Metric` lines.
    public init(path: String, thresholds: [String: [String]] = [:]) throws {
        file = try OutputFile(path: path)
        self.thresholds = thresholds
    }

    public func write(_ points: [MetricPoint]) throws {
        let text = state.withLock { state in
            var text = ""
            for point in points {
                if state.declared.insert(point.metric).inserted { text += metricLine(point) }
                text += #"{"type":"Point","data":{"time":"\#(state.timestamp.format(point.time))","value":\#(Self.number(point.value)),"tags":"#
                text += Self.object(point.tags) + #"},"metric":"# + JSONTemplate.quote(point.metric) + "}\n"
            }
            return text
        }
        try file.write(Array(text.utf8))
    }

    public func finish() throws {
        try file.close()
    }

    private func metricLine(_ point: MetricPoint) -> String {
        let list = (thresholds[point.metric] ?? []).map(JSONTemplate.quote).joined(separator: ",")
        return #"{"type":"Metric","data":{"name":"# + JSONTemplate.quote(point.metric) + #","type":""# + point.type.rawValue
            + #"","contains":""# + point.contains + #"","thresholds":["# + list + #"],"submetrics":null},"metric":"#
            + JSONTemplate.quote(point.metric) + "}\n"
    }

    private static func object(_ tags: [String: String]) -> String {
        "{" + tags.sorted { $0.key < $1.key }.map { JSONTemplate.quote($0.key) + ":" + JSONTemplate.quote($0.value) }.joined(separator: ",") + "}"
    }

    /// A JSON number: integers without a fraction, others with up to six decimals.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.6f", value)
    }
}
