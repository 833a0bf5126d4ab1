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
        /// The `x` of `HTTP/1.x`.
        var minorVersion: Int
        /// Whether a `Set-Cookie` field is among the fields (the cookie jar reads them only then).
        var setsCookies = false

        /// Parses `head`: the status line, the field lines and the blank line that ends them.
        init(_ head: ByteBuffer) throws(ParseError) {
            var fields = FramingFields()
            let parsed: (status: Int, minorVersion: Int, statusLineLength: Int)? = head.withUnsafeReadableBytes { bytes in
                guard let lineEnd = bytes.firstIndex(of: UInt8(ascii: "\n")), lineEnd > 0, bytes[lineEnd - 1] == UInt8(ascii: "\r") else {
                    return nil
                }
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
            guard block.readableBytes >= 2, block.getInteger(at: block.writerIndex - 2, as: UInt8.self) == UInt8(ascii: "\r") else {
                throw ParseError("a line of the head ends in LF without CR")
            }
            block.moveWriterIndex(to: block.writerIndex - 2)
            let problem = block.withUnsafeReadableBytes { bytes in
                HTTPResponseParser.forEachLine(in: bytes) { line in fields.read(line) }
            }
            if let problem { throw ParseError(problem) }
            // Both framings at once is how responses are smuggled; llhttp refuses it (found by fuzzing).
            if fields.contentLength != nil, fields.chunked != nil {
                throw ParseError("both Transfer-Encoding and Content-Length frame the response")
            }
            self.status = parsed.status
            self.headerBlock = block
            self.contentLength = fields.contentLength
            self.chunked = fields.chunked
            self.keepAlive = parsed.minorVersion >= 1 ? !fields.close : fields.keepAlive && !fields.close
            self.setsCookies = fields.setsCookies
            self.minorVersion = parsed.minorVersion
        }

        /// `HTTP/1.0` or `HTTP/1.1`, `SP 3DIGIT [SP reason]`: the status and the minor version.
        private static func statusLine(_ line: UnsafeRawBufferPointer) -> (Int, Int)? {
            var line = line
            if let last = line.last, last == UInt8(ascii: "\r") { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
            let prefix = "HTTP/1.".utf8
            guard line.count >= 12, line.starts(with: prefix) else { return nil }
            let minor = line[7]
            // Other minor versions are refused, as llhttp refuses them (found by fuzzing).
            guard minor == UInt8(ascii: "0") || minor == UInt8(ascii: "1"), line[8] == UInt8(ascii: " ") else { return nil }
            var status = 0
            for byte in line[9..<12] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                status = status * 10 + Int(byte - UInt8(ascii: "0"))
            }
            guard status >= 100, line.count == 12 || line[12] == UInt8(ascii: " ") else { return nil }
            // The reason phrase: tabs, spaces, visible characters and obs-text (RFC 9112, 4).
            guard line.dropFirst(12).allSatisfy({ $0 == 0x09 || $0 == 0x20 || ($0 >= 0x21 && $0 != 0x7F) }) else { return nil }
            return (status, Int(minor - UInt8(ascii: "0")))
        }

        private static func firstLine(of head: ByteBuffer) -> String {
            let line = head.readableBytesView.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
            return String(decoding: line.prefix(100), as: UTF8.self)
        }
    }

    /// The name and the trimmed value of a field line (a header or a trailer), or what is wrong
    /// with it: no obs-fold, a token name, no control characters in the value.
    static func fieldLine(_ line: UnsafeRawBufferPointer) -> Result<(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer), ParseError> {
        guard let first = line.first else { return .failure(ParseError("an empty line inside the header section")) }
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { return .failure(ParseError("obsolete line folding in the header section")) }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else {
            return .failure(ParseError("header line '\(FramingFields.text(line))' has no field name"))
        }
        let name = UnsafeRawBufferPointer(rebasing: line[..<colon])
        guard name.allSatisfy(HTTPSyntax.isTokenByte) else {
            return .failure(ParseError("header field name '\(FramingFields.text(name))' is not a token"))
        }
        let value = UnsafeRawBufferPointer(rebasing: line[(colon + 1)...])
        guard value.allSatisfy(HTTPSyntax.isFieldValueByte) else {
            return .failure(ParseError("header field '\(FramingFields.text(name))' has a control character in its value"))
        }
        return .success((name, HTTPResponseParser.trimmed(value)))
    }

    /// The fields that frame a response, read from its field lines.
    private struct FramingFields {
        var contentLength: Int?
        var chunked: Bool?
        var close = false
        var keepAlive = false
        var setsCookies = false

        /// Checks one field line (`name: value`) and reads it when it frames the response; what
        /// is wrong with it otherwise.
        mutating func read(_ line: UnsafeRawBufferPointer) -> String? {
            let field: (name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)
            switch HTTPResponseParser.fieldLine(line) {
            case .success(let parts): field = parts
            case .failure(let problem): return problem.description
            }
            let (name, value) = field
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
            } else if Self.equalsIgnoringCase(name, "set-cookie") {
                setsCookies = true
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

        static func text(_ bytes: UnsafeRawBufferPointer) -> String {
            String(decoding: bytes.prefix(100), as: UTF8.self)
        }
    }
}
