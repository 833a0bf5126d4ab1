import Foundation
import Synchronization

/// `--out csv=FILE`: k6's CSV output, a header and one row per metric point with k6's columns
/// (`metric_name,timestamp,metric_value,check,error,…,url,extra_tags,metadata`); tags without a
/// column of their own go into `extra_tags` as `name=value&…`.
public final class CSVOutput: LiveOutput {
    /// k6's columns after the first three, in order.
    static let tagColumns = [
        "check", "error", "error_code", "expected_response", "group", "method", "name", "proto", "scenario", "service", "status",
        "subproto", "tls_version", "url",
    ]
    private static let header = "metric_name,timestamp,metric_value," + tagColumns.joined(separator: ",") + ",extra_tags,metadata\n"
    private let file: OutputFile

    /// - Parameter path: the file, created or truncated; `-` for standard output.
    public init(path: String) throws {
        file = try OutputFile(path: path)
        try file.write(Array(Self.header.utf8))
    }

    public func write(_ points: [MetricPoint]) throws {
        var text = ""
        for point in points {
            var fields = [point.metric, String(Int(point.time.timeIntervalSince1970)), NDJSONOutput.number(point.value)]
            for column in Self.tagColumns { fields.append(point.tags[column] ?? "") }
            let extra = point.tags.filter { !Self.tagColumns.contains($0.key) }.sorted { $0.key < $1.key }
            fields.append(extra.map { "\($0.key)=\($0.value)" }.joined(separator: "&"))
            fields.append("")
            text += fields.map(Self.field).joined(separator: ",") + "\n"
        }
        try file.write(Array(text.utf8))
    }

    public func finish() throws {
        try file.close()
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
