import NIOCore

extension HTTPResponseParser {
    /// A response head checked line by line: its status, its framing fields and the header
    /// field lines as bytes.
    struct ParsedHead {
        var status: Int
        /// From after the status line to before the blank line.
        var headerBlock: ByteBuffer
        /// The `Content-Length`, when there is one.
        var contentLength: Int?
        /// With a `Transfer-Encoding`: whether its last coding is chunked.
        var chunked: Bool?
        /// HTTP/1.1 without `Connection: close`, or HTTP/1.0 with `Connection: keep-alive`.
        var keepAlive: Bool

        /// Parses `head`: the status line, the field lines and the blank line that ends them.
        init(_ head: ByteBuffer) throws(ParseError) {
            var fields = FramingFields()
            let parsed: (status: Int, minorVersion: Int, statusLineLength: Int)? = head.withUnsafeReadableBytes { bytes in
                guard let lineEnd = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
                guard let (status, minor) = Self.statusLine(UnsafeRawBufferPointer(rebasing: bytes[..<lineEnd])) else {
                    return nil
                }
                return (status, minor, lineEnd + 1)
            }
            guard let parsed else {
                throw ParseError("'\(Self.firstLine(of: head))' is not an HTTP/1.x status line")
            }
            // The field lines: everything between the status line and the final blank line.
            var block = head.getSlice(at: head.readerIndex + parsed.statusLineLength, length: head.readableBytes - parsed.statusLineLength)!
            let blankLine = block.readableBytes >= 2 && block.getInteger(at: block.writerIndex - 2, as: UInt8.self) == UInt8(ascii: "\r") ? 2 : 1
            block.moveWriterIndex(to: block.writerIndex - blankLine)
            let problem = block.withUnsafeReadableBytes { bytes in
                HTTPResponseParser.forEachLine(in: bytes) { line in fields.read(line) }
            }
            if let problem { throw ParseError(problem) }
            self.status = parsed.status
            self.headerBlock = block
            self.contentLength = fields.contentLength
            self.chunked = fields.chunked
            self.keepAlive = parsed.minorVersion >= 1 ? !fields.close : fields.keepAlive && !fields.close
        }

        /// `HTTP/1.x SP 3DIGIT [SP reason]`: the status and the minor version.
        private static func statusLine(_ line: UnsafeRawBufferPointer) -> (Int, Int)? {
            var line = line
            if let last = line.last, last == UInt8(ascii: "\r") { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
            let prefix = "HTTP/1.".utf8
            guard line.count >= 12, line.starts(with: prefix) else { return nil }
            let minor = line[7]
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(minor), line[8] == UInt8(ascii: " ") else { return nil }
            var status = 0
            for byte in line[9..<12] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                status = status * 10 + Int(byte - UInt8(ascii: "0"))
            }
            guard status >= 100, line.count == 12 || line[12] == UInt8(ascii: " ") else { return nil }
            return (status, Int(minor - UInt8(ascii: "0")))
        }

        private static func firstLine(of head: ByteBuffer) -> String {
            let line = head.readableBytesView.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
            return String(decoding: line.prefix(100), as: UTF8.self)
        }
    }

    /// The fields that frame a response, read from its field lines.
    private struct FramingFields {
        var contentLength: Int?
        var chunked: Bool?
        var close = false
        var keepAlive = false

        /// Checks one field line (`name: value`) and reads it when it frames the response; what
        /// is wrong with it otherwise.
        mutating func read(_ line: UnsafeRawBufferPointer) -> String? {
            guard let first = line.first else { return "an empty line inside the header section" }
            if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { return "obsolete line folding in the header section" }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else {
                return "header line '\(Self.text(line))' has no field name"
            }
            let name = UnsafeRawBufferPointer(rebasing: line[..<colon])
            guard name.allSatisfy(HTTPSyntax.isTokenByte) else { return "header field name '\(Self.text(name))' is not a token" }
            var value = UnsafeRawBufferPointer(rebasing: line[(colon + 1)...])
            guard value.allSatisfy(HTTPSyntax.isFieldValueByte) else {
                return "header field '\(Self.text(name))' has a control character in its value"
            }
            value = HTTPResponseParser.trimmed(value)
            if Self.equalsIgnoringCase(name, "content-length") {
                guard contentLength == nil, let length = Self.contentLength(value) else {
                    return "Content-Length '\(Self.text(value))' is not one length"
                }
                contentLength = length
            } else if Self.equalsIgnoringCase(name, "transfer-encoding") {
                // The last coding of the last field is the one that frames the body.
                var last: UnsafeRawBufferPointer?
                Self.forEachListItem(value) { last = $0 }
                chunked = last.map { Self.equalsIgnoringCase($0, "chunked") } ?? false
            } else if Self.equalsIgnoringCase(name, "connection") {
                Self.forEachListItem(value) { option in
                    if Self.equalsIgnoringCase(option, "close") { close = true }
                    if Self.equalsIgnoringCase(option, "keep-alive") { keepAlive = true }
                }
            }
            return nil
        }

        /// A decimal length. A list, even of equal lengths, is refused, as NIOHTTP1 refuses it.
        private static func contentLength(_ value: UnsafeRawBufferPointer) -> Int? {
            guard !value.isEmpty, value.count <= 18, value.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
            else { return nil }
            return value.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }

        /// Calls `body` with each item of a comma-separated list, trimmed (empty items included).
        private static func forEachListItem(_ value: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
            var start = value.startIndex
            while true {
                let end = value[start...].firstIndex(of: UInt8(ascii: ",")) ?? value.endIndex
                body(trimmed(UnsafeRawBufferPointer(rebasing: value[start..<end])))
                guard end < value.endIndex else { return }
                start = end + 1
            }
        }

        /// Whether `bytes` spell `lowercase` in any case (`lowercase` is ASCII lowercase).
        static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
            guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
            let expected = UnsafeRawBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
            for index in 0..<bytes.count {
                var byte = bytes[bytes.startIndex + index]
                if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
                if byte != expected[index] { return false }
            }
            return true
        }

        private static func text(_ bytes: UnsafeRawBufferPointer) -> String {
            String(decoding: bytes.prefix(100), as: UTF8.self)
        }
    }
}
