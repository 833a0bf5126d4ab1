import Foundation
import Logging

/// Writes one JSON object per log line to standard error: time, level, label, message, then the
/// metadata in key order, for log shippers. `LOG_FORMAT=text` selects swift-log's plain handler
/// instead.
///
/// Every request writes a line at `info` (the access log), so a line is built by hand into one
/// buffer and written with a single `write(2)` — no Foundation serializer, no lock: measured,
/// `JSONSerialization` and a locked `FileHandle` write cut cached reads to a third (docs/BENCHMARKS.md).
/// A single write of a line keeps lines whole when several threads log at once.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let descriptor: Int32

    /// - Parameters:
    ///   - label: the logger's label (`logger` in each line).
    ///   - level: the lowest level written.
    ///   - metadataProvider: adds metadata to each line (the request's ids).
    ///   - descriptor: where lines go, standard error by default.
    public init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil, descriptor: Int32 = STDERR_FILENO) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
        self.descriptor = descriptor
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        if let error = event.error { merged["error"] = .string(String(describing: error)) }
        if event.level >= .error { merged["source"] = .string("\(event.file):\(event.line)") }
        var line = Self.line(
            time: Date(), level: event.level.rawValue, label: label, message: event.message.description, metadata: merged)
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }

    /// One line: `{"level":…,"logger":…,"msg":…,"ts":…}` with the metadata's keys in between, in
    /// key order (the fixed fields win over metadata of the same name), and a newline.
    static func line(time: Date, level: String, label: String, message: String, metadata: Logger.Metadata) -> String {
        var fields: [(String, Logger.MetadataValue)] = metadata.filter { !["level", "logger", "msg", "ts"].contains($0.key) }.map { ($0.key, $0.value) }
        fields.append(("level", .string(level)))
        fields.append(("logger", .string(label)))
        fields.append(("msg", .string(message)))
        fields.append(("ts", .string(timestamp(time))))
        fields.sort { $0.0 < $1.0 }
        var out = "{"
        out.reserveCapacity(256)
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { out += "," }
            appendQuoted(key, to: &out)
            out += ":"
            append(value, to: &out)
        }
        out += "}\n"
        return out
    }

    private static func append(_ value: Logger.MetadataValue, to out: inout String) {
        switch value {
        case .string(let text): appendQuoted(text, to: &out)
        case .stringConvertible(let convertible): appendQuoted(convertible.description, to: &out)
        case .array(let values):
            out += "["
            for (index, element) in values.enumerated() {
                if index > 0 { out += "," }
                append(element, to: &out)
            }
            out += "]"
        case .dictionary(let dictionary):
            out += "{"
            for (index, (key, element)) in dictionary.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out += "," }
                appendQuoted(key, to: &out)
                out += ":"
                append(element, to: &out)
            }
            out += "}"
        }
    }

    /// `text` as a JSON string (RFC 8259: quote, backslash and control characters escaped).
    static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        var plain = true
        for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            plain = false
            break
        }
        if plain {
            out += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// `2026-12-04T00:41:07.123Z`.
    static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        var time = time_t(whole)
        var parts = tm()
        gmtime_r(&time, &parts)
        func digits(_ value: Int32, _ count: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, count - text.count)) + text
        }
        let millis = Int32(min(999, ((seconds - whole) * 1000).rounded(.down)))
        return digits(parts.tm_year + 1900, 4) + "-" + digits(parts.tm_mon + 1, 2) + "-" + digits(parts.tm_mday, 2) + "T"
            + digits(parts.tm_hour, 2) + ":" + digits(parts.tm_min, 2) + ":" + digits(parts.tm_sec, 2) + "." + digits(millis, 3) + "Z"
    }
}
