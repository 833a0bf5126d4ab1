import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import LoadHarness

/// The harness frames responses itself; NIOHTTP1's decoder is the reference it must agree with.
@Suite struct HTTPResponseParserTests {
    /// A response as the parser must read it.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var method: HTTPMethod = .GET
        var bytes: String
        var keepAlive: Bool
        var testDescription: String { name }
    }

    static let valid: [Case] = [
        Case(name: "content-length", bytes: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Cache: HIT\r\n\r\nok", keepAlive: true),
        Case(
            name: "chunked with extensions and trailers",
            bytes: "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n5;a=b\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-T: 1\r\n\r\n",
            keepAlive: true),
        Case(name: "chunked after gzip", bytes: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", keepAlive: true),
        Case(name: "HTTP/1.0 closes", bytes: "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc", keepAlive: false),
        Case(name: "HTTP/1.0 keep-alive", bytes: "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", keepAlive: true),
        Case(name: "connection close", bytes: "HTTP/1.1 503 Service Unavailable\r\nConnection: x, close\r\nContent-Length: 1\r\n\r\n!", keepAlive: false),
        Case(name: "204 has no body", bytes: "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", keepAlive: true),
        Case(name: "304 has no body", bytes: "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", keepAlive: true),
        Case(name: "HEAD has no body", method: .HEAD, bytes: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", keepAlive: true),
        Case(
            name: "interim responses are skipped",
            bytes: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx",
            keepAlive: true),
        Case(name: "body until the end of the connection", bytes: "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it", keepAlive: false),
        Case(name: "transfer coding not chunked", bytes: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzzz", keepAlive: false),
        Case(
            name: "whitespace, empty values, repeats, UTF-8",
            bytes: "HTTP/1.1 404 Not Found\r\nX-A:   padded\r\nX-Empty:\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Name: 한국\r\nContent-Length: 3\r\n\r\nnop",
            keepAlive: true),
        Case(name: "no reason phrase", bytes: "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", keepAlive: true),
    ]

    @Test(arguments: valid) func agreesWithNIOHTTP1SplitAnywhere(_ response: Case) throws {
        let bytes = Array(response.bytes.utf8)
        let expected = try Self.decodeWithNIO(bytes, method: response.method)
        // Whole, at every split into two reads, and one byte per read.
        var splits = (0...bytes.count).map { [Array(bytes[..<$0]), Array(bytes[$0...])] }
        splits.append(bytes.map { [$0] })
        for reads in splits {
            let parsed = try Self.parse(reads, method: response.method)
            #expect(parsed.status == expected.status, "\(response.name)")
            #expect(parsed.headers == expected.headers, "\(response.name)")
            #expect(parsed.body == expected.body, "\(response.name)")
            #expect(parsed.keepAlive == response.keepAlive, "\(response.name)")
        }
    }

    @Test func whitespaceAroundAValueIsNotPartOfIt() throws {
        // RFC 9110 section 5.5; NIOHTTP1 keeps the trailing whitespace, so this is not compared with it.
        let parsed = try Self.parse([Array("HTTP/1.1 200 OK\r\nX-A: \t padded \t\r\nContent-Length: 0\r\n\r\n".utf8)], method: .GET)
        #expect(parsed.headers == ["X-A: padded", "Content-Length: 0"])
    }

    @Test func aSecondResponseStaysInTheBuffer() throws {
        var parser = HTTPResponseParser()
        parser.expectResponse(bodyless: false)
        var buffer = ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n")
        let response = try #require(try parser.parse(&buffer))
        #expect(String(buffer: response.body) == "ok")
        #expect(String(buffer: buffer) == "HTTP/1.1 200 OK\r\n")
        // The parser waits for no response now: the rest is unsolicited.
        #expect {
            _ = try parser.parse(&buffer)
        } throws: { error in
            (error as? HTTPResponseParser.ParseError)?.description == "bytes arrived with no request waiting for them"
        }
    }

    static let invalid: [(bytes: String, reason: String)] = [
        ("HTTP/2 200\r\n\r\n", "is not an HTTP/1.x status line"),
        ("HTTP/1.1 20 OK\r\n\r\n", "is not an HTTP/1.x status line"),
        ("HTTP/1.1 200OK\r\n\r\n", "is not an HTTP/1.x status line"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", "is not one length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n", "is not one length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\n", "is not one length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "is not one length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1e3\r\n\r\n", "is not one length"),
        ("HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\n\r\n", "obsolete line folding"),
        ("HTTP/1.1 200 OK\r\nX-A : b\r\n\r\n", "is not a token"),
        ("HTTP/1.1 200 OK\r\nno colon\r\n\r\n", "has no field name"),
        ("HTTP/1.1 200 OK\r\nX-A: a\u{01}b\r\n\r\n", "control character"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "is not a chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", "longer than its size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n", "is not a chunk size"),
        ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", "switched protocols"),
        // A lone LF ends no line, as in NIOHTTP1 (llhttp): found by fuzzing (Fuzz/regressions/http-response).
        ("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", "is not an HTTP/1.x status line"),
        ("HTTP/1.1 200 OK\r\nX-A: b\nContent-Length: 0\r\n\r\n", "ends in LF without CR"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\n", "ends in LF without CR"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nab\r\n0\r\n\r\n", "ends in LF without CR"),
        ("HTTP/1.1 200 O\rK\r\nContent-Length: 0\r\n\r\n", "is not an HTTP/1.x status line"),
        ("HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n", "is not an HTTP/1.x status line"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", "both Transfer-Encoding and Content-Length"),
        ("HTTP/1.0 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", "an interim response in HTTP/1.0"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nno colon\r\n\r\n", "has no field name"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext\u{7F}1\r\nhello\r\n0\r\n\r\n", "is not a chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;=1\r\nhello\r\n0\r\n\r\n", "is not a chunk size"),
        // White space around "=" (RFC 9112's BWS), which NIOHTTP1's llhttp refuses: found by fuzzing.
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0;ext= x\r\n\r\n", "is not a chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0;ext =x\r\n\r\n", "is not a chunk size"),
        // White space anywhere on the size line, which llhttp refuses too: `0; x` found by fuzzing.
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0; x\r\n\r\n", "is not a chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0 ;x\r\n\r\n", "is not a chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0;x \r\n\r\n", "is not a chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\t\r\n\r\n", "is not a chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: a\r\n b\r\n\r\n", "obsolete line folding"),
    ]

    @Test(arguments: invalid) func rejectsWhatIsNotAResponse(_ response: (bytes: String, reason: String)) {
        var parser = HTTPResponseParser()
        parser.expectResponse(bodyless: false)
        var buffer = ByteBuffer(string: response.bytes)
        #expect {
            _ = try parser.parse(&buffer)
        } throws: { error in
            (error as? HTTPResponseParser.ParseError)?.description.contains(response.reason) == true
        }
    }

    @Test func aHeadWithoutEndIsRejectedPastTheLimit() throws {
        var parser = HTTPResponseParser()
        parser.expectResponse(bodyless: false)
        var buffer = ByteBuffer(string: "HTTP/1.1 200 OK\r\nX-Big: ")
        #expect(try parser.parse(&buffer) == nil)
        buffer.writeString(String(repeating: "a", count: HTTPResponseParser.maxHeadSize))
        #expect(throws: HTTPResponseParser.ParseError.self) { try parser.parse(&buffer) }
    }

    @Test func theEndOfTheConnectionEndsOnlyAnUndelimitedBody() throws {
        for (bytes, completes) in [
            ("HTTP/1.1 200 OK\r\n\r\npartial", true), ("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\npartial", false),
            ("HTTP/1.1 200 OK\r\nContent-", false), ("", false),
        ] {
            var parser = HTTPResponseParser()
            parser.expectResponse(bodyless: false)
            var buffer = ByteBuffer(string: bytes)
            #expect(try parser.parse(&buffer) == nil)
            if completes {
                #expect(try parser.endOfInput().map { String(buffer: $0.body) } == "partial")
            } else {
                #expect(throws: HTTPResponseParser.ParseError.self) { try parser.endOfInput() }
            }
        }
        var idle = HTTPResponseParser()
        #expect(try idle.endOfInput() == nil)
    }

    /// What a parse produced, comparable with NIO's.
    struct Decoded: Equatable {
        var status: Int
        var headers: [String]
        var body: [UInt8]
        var keepAlive = false

        static func == (lhs: Decoded, rhs: Decoded) -> Bool {
            lhs.status == rhs.status && lhs.headers == rhs.headers && lhs.body == rhs.body
        }
    }

    /// `reads` through the parser, then the end of the connection when it is still waiting.
    static func parse(_ reads: [[UInt8]], method: HTTPMethod) throws -> Decoded {
        var parser = HTTPResponseParser()
        parser.expectResponse(bodyless: method == .HEAD)
        var buffer = ByteBuffer()
        var response: HTTPResponseParser.Response?
        for read in reads where response == nil {
            buffer.writeBytes(read)
            response = try parser.parse(&buffer)
        }
        if response == nil { response = try parser.endOfInput() }
        let complete = try #require(response)
        #expect(buffer.readableBytes == 0)
        return Decoded(
            status: complete.status, headers: HTTPHeaders(headerBlock: complete.headerBlock).map { "\($0.name): \($0.value)" },
            body: Array(complete.body.readableBytesView), keepAlive: complete.keepAlive)
    }

    /// `bytes` through NIOHTTP1's response decoder, after a request with `method`.
    static func decodeWithNIO(_ bytes: [UInt8], method: HTTPMethod) throws -> Decoded {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPResponseDecoder()))
        try channel.writeOutbound(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: method, uri: "/")))
        try channel.writeInbound(ByteBuffer(bytes: bytes))
        _ = try? channel.finish()
        var decoded = Decoded(status: 0, headers: [], body: [])
        while let part = try channel.readInbound(as: HTTPClientResponsePart.self) {
            switch part {
            case .head(let head):
                decoded.status = Int(head.status.code)
                decoded.headers = head.headers.map { "\($0.name): \($0.value)" }
            case .body(let body): decoded.body += body.readableBytesView
            case .end: break
            }
        }
        return decoded
    }
}
