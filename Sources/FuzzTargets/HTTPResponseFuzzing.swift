import LoadHarness
import NIOCore
import NIOEmbedded
import NIOHTTP1

/// Input: a method byte (even GET, odd HEAD), a split byte, then the response bytes, read in
/// two pieces split there. Invariant: whatever our parser accepts, NIOHTTP1's decoder accepts
/// with the same status, header fields (values without surrounding white space) and body —
/// ours may be stricter, never looser or different.
enum HTTPResponseFuzzing {
    struct Decoded: Equatable {
        var status: Int
        var headers: [String]
        var body: [UInt8]
    }

    static func run(_ data: UnsafeRawBufferPointer) {
        guard data.count >= 2 else { return }
        let method: HTTPMethod = data[0] & 1 == 0 ? .GET : .HEAD
        let bytes = Array(data[2...])
        let split = Int(data[1]) % (bytes.count + 1)
        guard let ours = parse([Array(bytes[..<split]), Array(bytes[split...])], method: method) else { return }
        guard let theirs = decodeWithNIO(bytes, method: method) else {
            violated("accepted a response NIOHTTP1 refuses: \(ours)")
        }
        guard ours == theirs else { violated("parsed \(ours), NIOHTTP1 decoded \(theirs)") }
    }

    /// The first response our parser frames from `reads`, then the end of the connection.
    static func parse(_ reads: [[UInt8]], method: HTTPMethod) -> Decoded? {
        var parser = HTTPResponseParser()
        parser.expectResponse(bodyless: method == .HEAD)
        var buffer = ByteBuffer()
        var response: HTTPResponseParser.Response?
        do {
            for read in reads where response == nil {
                buffer.writeBytes(read)
                response = try parser.parse(&buffer)
            }
            if response == nil { response = try parser.endOfInput() }
        } catch {
            return nil
        }
        guard let response else { return nil }
        return Decoded(
            status: response.status, headers: HTTPHeaders(headerBlock: response.headerBlock).map { "\($0.name): \($0.value)" },
            body: Array(response.body.readableBytesView))
    }

    /// The first response NIOHTTP1's decoder reads from `bytes` and the end of the connection.
    static func decodeWithNIO(_ bytes: [UInt8], method: HTTPMethod) -> Decoded? {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPResponseDecoder()))
        defer { _ = try? channel.finish() }
        do {
            // The decoder learns the request's method from the request head passing it.
            try channel.writeOutbound(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: method, uri: "/")))
        } catch {
            return nil
        }
        var failed = false
        do { try channel.writeInbound(ByteBuffer(bytes: bytes)) } catch { failed = true }
        if !failed { _ = try? channel.finish(acceptAlreadyClosed: true) }
        var decoded: Decoded?
        while let part = try? channel.readInbound(as: HTTPClientResponsePart.self) {
            switch part {
            case .head(let head):
                guard decoded == nil else { continue }
                decoded = Decoded(status: Int(head.status.code), headers: head.headers.map { "\($0.name): \(trimmed($0.value))" }, body: [])
            case .body(let body):
                decoded?.body += body.readableBytesView
            case .end:
                return decoded
            }
        }
        return nil
    }

    /// Without leading and trailing spaces and tabs (RFC 9110, 5.5), which NIO keeps.
    static func trimmed(_ value: String) -> String {
        var view = Substring(value)
        while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}
