/// Splits a `text/event-stream` body, arriving in arbitrary chunks, into events
/// (the WHATWG rules the Messages API relies on: `event:` and `data:` fields, several `data:`
/// lines joined by newlines, comments and unknown fields ignored, LF or CRLF line ends, a blank
/// line ending the event).
public struct ServerSentEventParser: Sendable {
    /// One complete event.
    public struct Event: Sendable, Equatable {
        /// The `event:` field; `message` when absent.
        public var name: String
        public var data: String

        public init(name: String, data: String) {
            self.name = name
            self.data = data
        }
    }

    private var pending: [UInt8] = []
    private var name: String?
    private var data: [String] = []

    public init() {}

    /// Feeds bytes; returns the events they completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Event] {
        pending.append(contentsOf: bytes)
        var events: [Event] = []
        var start = 0
        var index = 0
        while index < pending.count {
            let byte = pending[index]
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
                index += 1
                continue
            }
            // A CR at the very end may be the first half of CRLF: wait for the next chunk.
            if byte == UInt8(ascii: "\r"), index + 1 == pending.count { break }
            let line = String(decoding: pending[start..<index], as: UTF8.self)
            if byte == UInt8(ascii: "\r"), pending[index + 1] == UInt8(ascii: "\n") { index += 1 }
            index += 1
            start = index
            if let event = take(line) { events.append(event) }
        }
        pending.removeFirst(start)
        return events
    }

    private mutating func take(_ line: String) -> Event? {
        if line.isEmpty {
            defer {
                name = nil
                data = []
            }
            guard !data.isEmpty || name != nil else { return nil }
            return Event(name: name ?? "message", data: data.joined(separator: "\n"))
        }
        if line.hasPrefix(":") { return nil }
        let field: Substring
        var value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            value = line[line.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        } else {
            field = line[...]
            value = ""
        }
        switch field {
        case "event": name = String(value)
        case "data": data.append(String(value))
        default: break
        }
        return nil
    }
}
