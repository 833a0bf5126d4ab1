import NIOCore

/// Frames HTTP/1.1 responses (RFC 9112) from the bytes a connection reads: the status line, the
/// header section, and a body delimited by `Content-Length`, the chunked transfer coding, or the
/// end of the connection. Interim (1xx) responses are skipped.
///
/// The header section is checked line by line and only the framing fields (`Content-Length`,
/// `Transfer-Encoding`, `Connection`) are read; the rest stays as bytes in the response's
/// ``HTTPResult`` and becomes `HTTPHeaders` only when a check asks for it. A body that arrives in
/// one read is a slice of that read, not a copy. This framing replaced NIOHTTP1's decoder, which
/// cost half the generator's CPU per request (docs/BENCHMARKS.md, "Generator speed").
package struct HTTPResponseParser {
    /// A complete response.
    package struct Response {
        /// The status code.
        package var status: Int
        /// The header field lines, from after the status line to before the blank line.
        package var headerBlock: ByteBuffer
        /// The body, de-chunked.
        package var body: ByteBuffer
        /// Whether the connection may carry the next request.
        package var keepAlive: Bool
        /// Whether the head has a `Set-Cookie` field.
        package var setsCookies = false
    }

    /// Why the bytes are not an HTTP/1.1 response.
    package struct ParseError: Error, CustomStringConvertible {
        package var description: String
        init(_ description: String) { self.description = description }
    }

    package init() {}

    /// The largest status line plus header section accepted, as NIOHTTP1's default.
    static let maxHeadSize = 80 * 1024
    /// The largest chunk-size or trailer line accepted.
    static let maxLineSize = 4 * 1024

    private enum State {
        /// No request is waiting for a response: any byte is unsolicited.
        case idle
        /// Reading the head; `scanned` bytes are known not to end it.
        case head(scanned: Int)
        case fixedLength(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        /// The line break after a chunk's data.
        case chunkDataEnd
        case trailers
        case untilClose
    }

    private var state = State.idle
    private var bodyless = false
    private var status = 0
    private var headerBlock = ByteBuffer()
    private var setsCookies = false
    private var body = ByteBuffer()
    private var keepAlive = true

    /// Expects the response to a request just written; `bodyless` for HEAD, whose response has
    /// framing headers but no body.
    package mutating func expectResponse(bodyless: Bool) {
        state = .head(scanned: 0)
        self.bodyless = bodyless
        body = ByteBuffer()
    }

    /// Consumes what `buffer` holds of the response; returns it once complete. Bytes after the
    /// response stay in `buffer`.
    package mutating func parse(_ buffer: inout ByteBuffer) throws(ParseError) -> Response? {
        while true {
            switch state {
            case .idle:
                if buffer.readableBytes > 0 { throw ParseError("bytes arrived with no request waiting for them") }
                return nil
            case .head(let scanned):
                guard let length = Self.headLength(buffer, from: scanned) else {
                    guard buffer.readableBytes <= Self.maxHeadSize else {
                        throw ParseError("the response head is over \(Self.maxHeadSize) bytes")
                    }
                    state = .head(scanned: Swift.max(0, buffer.readableBytes - 2))
                    return nil
                }
                let head = buffer.readSlice(length: length)!
                if let response = try startBody(head: head) { return response }
            case .fixedLength(let remaining):
                let taken = take(upTo: remaining, from: &buffer)
                guard taken == remaining else {
                    state = .fixedLength(remaining: remaining - taken)
                    return nil
                }
                return complete()
            case .chunkSize:
                guard let line = try Self.readLine(&buffer) else { return nil }
                let size = try Self.chunkSize(line)
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let taken = take(upTo: remaining, from: &buffer)
                guard taken == remaining else {
                    state = .chunkData(remaining: remaining - taken)
                    return nil
                }
                state = .chunkDataEnd
            case .chunkDataEnd:
                guard let line = try Self.readLine(&buffer) else { return nil }
                guard line.readableBytes == 0 else { throw ParseError("chunk data is longer than its size") }
                state = .chunkSize
            case .trailers:
                // Trailer fields are checked like header fields, then read past: nothing the
                // harness checks comes in them.
                guard let line = try Self.readLine(&buffer) else { return nil }
                if line.readableBytes == 0 { return complete() }
                if case .failure(let problem) = line.withUnsafeReadableBytes({ Self.fieldLine($0) }) { throw problem }
            case .untilClose:
                _ = take(upTo: buffer.readableBytes, from: &buffer)
                return nil
            }
        }
    }

    /// The connection ended: completes a body delimited by the end of the connection; nil when
    /// no response had started, an error when one was cut short.
    package mutating func endOfInput() throws(ParseError) -> Response? {
        switch state {
        case .idle: return nil
        case .untilClose: return complete()
        case .head(let scanned) where scanned == 0: throw ParseError("the connection closed before a response")
        default: throw ParseError("the connection closed in the middle of a response")
        }
    }

    /// Reads the head and decides how the body is framed (RFC 9112 section 6.3); the response
    /// when it has no body.
    private mutating func startBody(head: ByteBuffer) throws(ParseError) -> Response? {
        let parsed = try ParsedHead(head)
        if (100..<200).contains(parsed.status) {
            // An interim response (100 Continue, 103 Early Hints): the final one follows.
            guard parsed.status != 101 else { throw ParseError("the server switched protocols") }
            // HTTP/1.0 has no interim responses; llhttp refuses one too (found by fuzzing).
            guard parsed.minorVersion == 1 else { throw ParseError("an interim response in HTTP/1.0") }
            state = .head(scanned: 0)
            return nil
        }
        status = parsed.status
        headerBlock = parsed.headerBlock
        keepAlive = parsed.keepAlive
        setsCookies = parsed.setsCookies
        if bodyless || parsed.status == 204 || parsed.status == 304 { return complete() }
        if let chunked = parsed.chunked {
            if chunked {
                state = .chunkSize
            } else {
                // A transfer coding other than chunked last: the body ends with the connection.
                keepAlive = false
                state = .untilClose
            }
        } else if let length = parsed.contentLength {
            guard length > 0 else { return complete() }
            state = .fixedLength(remaining: length)
        } else {
            keepAlive = false
            state = .untilClose
        }
        return nil
    }

    /// Moves up to `count` bytes of `buffer` to the body (as a slice when the body is empty).
    private mutating func take(upTo count: Int, from buffer: inout ByteBuffer) -> Int {
        let taken = Swift.min(count, buffer.readableBytes)
        guard taken > 0 else { return 0 }
        var part = buffer.readSlice(length: taken)!
        if body.readableBytes == 0 { body = part } else { body.writeBuffer(&part) }
        return taken
    }

    private mutating func complete() -> Response {
        state = .idle
        defer {
            headerBlock = ByteBuffer()
            body = ByteBuffer()
        }
        return Response(status: status, headerBlock: headerBlock, body: body, keepAlive: keepAlive, setsCookies: setsCookies)
    }

    /// The length of the head at the start of `buffer` (through its blank line), if it is all
    /// there; `scanned` bytes are already known to hold no line break followed by a blank line.
    /// A bare LF counts here, so a head ending in one is found at once; ``ParsedHead`` refuses it.
    static func headLength(_ buffer: ByteBuffer, from scanned: Int) -> Int? {
        buffer.withUnsafeReadableBytes { bytes -> Int? in
            var index = scanned
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "\n") {
                    // A line break followed by an empty line: LF LF, or LF CR LF.
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { return index + 2 }
                    if index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "\r"), bytes[index + 2] == UInt8(ascii: "\n") {
                        return index + 3
                    }
                }
                index += 1
            }
            return nil
        }
    }

    /// The next line of `buffer` without its CR LF, nil when it has not all arrived. A lone LF
    /// is refused, as NIOHTTP1 (llhttp) refuses it: RFC 9112 lets a recipient accept one, and
    /// the two parsers must agree on what a response is.
    static func readLine(_ buffer: inout ByteBuffer) throws(ParseError) -> ByteBuffer? {
        let breakAt = buffer.withUnsafeReadableBytes { $0.firstIndex(of: UInt8(ascii: "\n")) }
        guard let breakAt else {
            guard buffer.readableBytes <= maxLineSize else { throw ParseError("a chunk line is over \(maxLineSize) bytes") }
            return nil
        }
        guard breakAt > 0, buffer.getInteger(at: buffer.readerIndex + breakAt - 1, as: UInt8.self) == UInt8(ascii: "\r") else {
            throw ParseError("a line ends in LF without CR")
        }
        let line = buffer.readSlice(length: breakAt - 1)!
        buffer.moveReaderIndex(forwardBy: 2)
        return line
    }

    /// Calls `body` with each line of a header section (checked to end in CR LF), without its
    /// CR LF, until it returns a problem; returns that problem, or nil.
    static func forEachLine(in bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> String?) -> String? {
        var lineStart = 0
        while lineStart < bytes.count {
            guard let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) else {
                return "a line of the head ends in LF without CR"
            }
            guard lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\r") else { return "a line of the head ends in LF without CR" }
            if let problem = body(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<(lineEnd - 1)])) { return problem }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// `bytes` without the spaces and tabs around them.
    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// The size on a chunk-size line: hex digits, optionally followed by extensions, which are
    /// checked (RFC 9112, 7.1.1, as llhttp checks them) and then ignored.
    static func chunkSize(_ line: ByteBuffer) throws(ParseError) -> Int {
        let size = line.withUnsafeReadableBytes { bytes -> Int? in
            var size = 0
            var digits = 0
            for byte in bytes {
                let value: Int
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A") + 10)
                default:
                    guard digits > 0, isChunkExtensions(UnsafeRawBufferPointer(rebasing: bytes[digits...])) else { return nil }
                    return size
                }
                digits += 1
                guard digits <= 15 else { return nil }
                size = size << 4 | value
            }
            return digits > 0 ? size : nil
        }
        guard let size else { throw ParseError("'\(String(buffer: line))' is not a chunk size") }
        return size
    }

    /// `*( ";" name [ "=" ( token / quoted-string ) ] )`: RFC 9112's chunk-ext without the white
    /// space (BWS) it allows around ";" and "=" and at the line's end, all of which llhttp
    /// (NIOHTTP1) refuses — a client must never accept what the common parsers refuse (fuzzing
    /// found `;ext= x`, then `0; x`; `0 ;x`, `0;x ` and `0 ` are refused by llhttp too).
    private static func isChunkExtensions(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = bytes.startIndex
        func token() -> Bool {
            let start = index
            while index < bytes.endIndex, HTTPSyntax.isTokenByte(bytes[index]) { index += 1 }
            return index > start
        }
        func quotedString() -> Bool {
            index += 1
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return true
                }
                if byte == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.endIndex, HTTPSyntax.isFieldValueByte(bytes[index]) else { return false }
                } else if !HTTPSyntax.isFieldValueByte(byte) {
                    return false
                }
                index += 1
            }
            return false
        }
        while true {
            guard index < bytes.endIndex else { return true }
            guard bytes[index] == UInt8(ascii: ";") else { return false }
            index += 1
            guard token() else { return false }
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "=") else { continue }
            index += 1
            guard index < bytes.endIndex else { return false }
            guard bytes[index] == UInt8(ascii: "\"") ? quotedString() : token() else { return false }
        }
    }
}
