import Foundation
import LoadHarness
import NIOCore
import NIOHTTP1
import Synchronization
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

@Suite struct HTTPConnectionTests {
    @Test func keepAliveReusesOneConnectionAndCountsTheBytesOnTheWire() async throws {
        let server = try RawHTTPServer()
        defer { server.stop() }
        let connection = try server.client().makeConnection()
        defer { connection.close() }
        let requests = [
            HTTPRequest(path: "/ok"),
            HTTPRequest(path: "/ok"),  // the cached head
            HTTPRequest(path: "/ok?page=2", headers: ["Authorization": "Bearer abc"]),
            HTTPRequest(method: .POST, path: "/ok", body: ByteBuffer(string: #"{"a":1}"#)),
            HTTPRequest(method: .DELETE, path: "/ok", headers: ["Transfer-Encoding": "chunked"]),
        ]
        var results: [HTTPResult] = []
        for request in requests { results.append(await connection.send(request)) }
        let seen = server.requests
        try #require(seen.count == requests.count)
        for (result, request) in zip(results, seen) {
            #expect(result.status == 200)
            #expect(result.error == nil)
            #expect(String(buffer: result.body) == "ok")
            #expect(result.bytesSent == request.bytes)
            #expect(result.bytesReceived == RawHTTPServer.response(close: false).utf8.count)
        }
        #expect(seen[2].head.contains("GET /ok?page=2 HTTP/1.1\r\n"))
        #expect(seen[2].head.contains("Authorization: Bearer abc\r\n"))
        #expect(seen[3].head.contains("content-length: 7\r\n"))
        #expect(seen[4].head.contains("content-length: 0\r\n"))
        #expect(!seen[4].head.lowercased().contains("transfer-encoding"))
        #expect(server.connections == 1)
    }

    @Test func aClosingServerIsFollowedByAReconnect() async throws {
        let server = try RawHTTPServer()
        defer { server.stop() }
        let connection = try server.client().makeConnection()
        defer { connection.close() }
        let closing = await connection.send(HTTPRequest(path: "/close"))
        #expect(closing.status == 200)
        #expect(closing.headers["connection"] == ["close"])
        let next = await connection.send(HTTPRequest(path: "/ok"))
        #expect(next.status == 200)
        #expect(server.connections == 2)
    }

    @Test func responsesAreFramedByLengthChunksOrTheEndOfTheConnection() async throws {
        let server = try RawHTTPServer()
        defer { server.stop() }
        let connection = try server.client().makeConnection()
        defer { connection.close() }
        let chunked = await connection.send(HTTPRequest(path: "/chunked"))
        #expect(chunked.status == 200)
        #expect(String(buffer: chunked.body) == "hello world")
        #expect(chunked.headers["x-cache"] == ["HIT"])
        #expect(chunked.bytesReceived == RawHTTPServer.cannedResponses["/chunked"]!.parts.joined().utf8.count)
        let interim = await connection.send(HTTPRequest(path: "/interim"))
        #expect(interim.status == 201)
        #expect(String(buffer: interim.body) == "done")
        let noContent = await connection.send(HTTPRequest(path: "/no-content"))
        #expect(noContent.status == 204)
        #expect(noContent.body.readableBytes == 0)
        let head = await connection.send(HTTPRequest(method: .HEAD, path: "/head"))
        #expect(head.status == 200)
        #expect(head.headers["content-length"] == ["1000"])
        #expect(head.body.readableBytes == 0)
        let split = await connection.send(HTTPRequest(path: "/head-split"))
        #expect(split.status == 200)
        #expect(split.headers["x-long"] == ["aaaa"])
        #expect(String(buffer: split.body) == "abc")
        #expect(server.connections == 1)
        let untilClose = await connection.send(HTTPRequest(path: "/until-close"))
        #expect(untilClose.error == nil)
        #expect(String(buffer: untilClose.body) == "until the end")
        #expect(await connection.send(HTTPRequest(path: "/ok")).status == 200)
        #expect(server.connections == 2)
    }

    @Test func whatIsNotAResponseFailsTheRequestAndClosesTheConnection() async throws {
        let server = try RawHTTPServer()
        defer { server.stop() }
        let connection = try server.client().makeConnection()
        defer { connection.close() }
        for (path, kind, reason) in [
            ("/not-http", HTTPClientError.Kind.invalidResponse, "not an HTTP/1.x status line"),
            ("/bad-length", .invalidResponse, "is not one length"),
            ("/cut-short", .connectionClosed, "in the middle of a response"),
        ] {
            let result = await connection.send(HTTPRequest(path: path))
            #expect(result.status == 0, "\(path)")
            #expect(result.error?.kind == kind, "\(path)")
            #expect(result.error?.message.contains(reason) == true, "\(path): \(String(describing: result.error))")
            #expect(result.failed)
        }
        // A response followed by bytes no request asked for: the response counts, the connection goes.
        let extra = await connection.send(HTTPRequest(path: "/extra"))
        #expect(extra.status == 200)
        #expect(String(buffer: extra.body) == "ok")
        #expect(await connection.send(HTTPRequest(path: "/ok")).status == 200)
        #expect(server.connections == 5)
    }

    @Test func anInvalidRequestIsAFailedResultAndIsNotWritten() async throws {
        let server = try RawHTTPServer()
        defer { server.stop() }
        let connection = try server.client().makeConnection()
        defer { connection.close() }
        let header = await connection.send(HTTPRequest(path: "/ok", headers: ["X-Injected": "a\r\nHost: evil"]))
        #expect(header.status == 0)
        #expect(header.error?.kind == .invalidRequest)
        #expect(header.bytesSent == 0)
        let path = await connection.send(HTTPRequest(path: "/a b"))
        #expect(path.error?.kind == .invalidRequest)
        let valid = await connection.send(HTTPRequest(path: "/ok"))
        #expect(valid.status == 200)
        #expect(server.requests.count == 1)
    }

    @Test func aShortTimeoutFiresAfterALongOneWasArmed() async throws {
        let server = try RawHTTPServer()
        defer { server.stop() }
        let connection = try server.client().makeConnection()
        defer { connection.close() }
        // The first request arms the connection's timer 30 s ahead; the second must not wait for it.
        #expect(await connection.send(HTTPRequest(path: "/ok")).status == 200)
        let slow = await connection.send(HTTPRequest(path: "/slow", timeout: .milliseconds(100)))
        #expect(slow.error?.kind == .timeout)
        #expect(slow.duration < .seconds(2))
        let recovered = await connection.send(HTTPRequest(path: "/ok", timeout: .seconds(5)))
        #expect(recovered.status == 200)
        #expect(server.connections == 2)
    }

    @Test func cancellingTheSenderAbandonsTheRequestAndTheNextOneReconnects() async throws {
        let server = try RawHTTPServer()
        defer { server.stop() }
        let connection = try server.client().makeConnection()
        defer { connection.close() }
        #expect(await connection.send(HTTPRequest(path: "/ok")).status == 200)
        // `/slow` answers after 5 s; the sender is cancelled long before (the end of a run). The
        // margins are wide: a loaded two-core machine can hold a thread for a second.
        let sender = Task { await connection.send(HTTPRequest(path: "/slow", timeout: .seconds(30))) }
        try await server.waitForRequests(2)
        sender.cancel()
        let abandoned = await sender.value
        #expect(abandoned.error?.kind == .cancelled)
        #expect(abandoned.status == 0)
        #expect(abandoned.duration < .seconds(4))
        let next = await connection.send(HTTPRequest(path: "/ok", timeout: .seconds(5)))
        #expect(next.status == 200)
        #expect(server.connections == 2)
    }

    @Test func aSecondRequestWhileOneIsInFlightFailsBothAndTheNextReconnects() async throws {
        let server = try RawHTTPServer()
        defer { server.stop() }
        let connection = try server.client().makeConnection()
        defer { connection.close() }
        #expect(await connection.send(HTTPRequest(path: "/ok")).status == 200)
        let first = Task { await connection.send(HTTPRequest(path: "/slow")) }
        try await server.waitForRequests(2)
        let second = await connection.send(HTTPRequest(path: "/ok"))
        let firstResult = await first.value
        #expect(firstResult.error?.kind == .connectionClosed)
        #expect(firstResult.duration < .seconds(4))
        #expect(second.error?.kind == .connectionClosed)
        #expect(second.error?.message == "another request was in flight")
        #expect(await connection.send(HTTPRequest(path: "/ok")).status == 200)
        #expect(server.connections == 2)
    }

    @Test func virtualUsersSendFromTheirConnectionsEventLoop() async throws {
        let server = try RawHTTPServer()
        defer { server.stop() }
        let registry = MetricsRegistry()
        let sent = Mutex(0)
        await ConstantVUs(vus: 2, duration: .milliseconds(300)).run(client: try server.client(), registry: registry) {
            vu in
            #expect(vu.connection.eventLoop.inEventLoop)
            let result = await vu.request(HTTPRequest(path: "/ok", headers: ["X-Iteration": "\(vu.iteration % 3)"]))
            #expect(result.status == 200)
            sent.withLock { $0 += result.bytesSent }
        }
        let requests = server.requests
        #expect(requests.count > 10)
        #expect(sent.withLock { $0 } == requests.reduce(0) { $0 + $1.bytes })
        #expect(registry.snapshot().counters[MetricKey("data_sent")]?.count == Double(sent.withLock { $0 }))
        #expect(server.connections == 2)
    }
}

/// An HTTP/1.1 server on plain sockets, one thread per connection, that records every request's
/// bytes as they arrived: `/ok` answers "ok", `/close` answers and closes, `/slow` answers after
/// five seconds; the paths of ``cannedResponses`` answer their bytes as written there, in parts
/// 20 ms apart, and close when the entry says so.
final class RawHTTPServer: Sendable {
    struct Request: Sendable {
        /// The request line and headers, up to the blank line.
        var head: String
        /// All bytes of the request, body included.
        var bytes: Int
    }

    let port: Int
    private let listener: Int32
    private let state = Mutex<(requests: [Request], connections: Int)>(([], 0))

    init() throws {
        (listener, port) = try LoopbackListener.open()
        Thread { [self] in acceptLoop() }.start()
    }

    /// The requests received so far.
    var requests: [Request] { state.withLock { $0.requests } }

    /// Returns once `count` requests have arrived (for up to 10 s).
    func waitForRequests(_ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while requests.count < count {
            guard ContinuousClock.now < deadline else { throw POSIXError(.ETIMEDOUT) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
    /// The connections accepted so far.
    var connections: Int { state.withLock { $0.connections } }

    func client() throws -> LoadClient {
        try LoadClient(baseURL: "http://127.0.0.1:\(port)", requestTimeout: .seconds(30))
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// Responses by request target: the parts written, and whether the connection closes after.
    static let cannedResponses: [String: (parts: [String], close: Bool)] = [
        "/chunked": (["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Cache: HIT\r\n\r\n5\r\nhel", "lo\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"], false),
        "/until-close": (["HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil ", "the end"], true),
        "/interim": (["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n", "HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\ndone"], false),
        "/no-content": (["HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"], false),
        "/head-split": (["HTTP/1.1 200 OK\r\nX-Long: ", "aaaa\r\nContent-Length: 3\r\n\r", "\nabc"], false),
        "/not-http": (["SSH-2.0-OpenSSH_9.2\r\n\r\n"], false),
        "/bad-length": (["HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"], false),
        "/extra": (["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n"], false),
        "/head": (["HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"], false),
        "/cut-short": (["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"], true),
    ]

    static func response(close: Bool) -> String {
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\(close ? "Connection: close\r\n" : "")\r\nok"
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            state.withLock { $0.connections += 1 }
            Thread { [self] in serve(connection) }.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let request = Self.completeRequest(in: pending) {
                pending.removeFirst(request.bytes)
                state.withLock { $0.requests.append(request) }
                if request.head.hasPrefix("GET /slow") { Thread.sleep(forTimeInterval: 5) }
                let target = request.head.split(separator: " ").dropFirst().first.map(String.init) ?? ""
                let canned = Self.cannedResponses[target]
                let closing = canned?.close ?? request.head.hasPrefix("GET /close")
                let parts = canned?.parts ?? [Self.response(close: closing)]
                for (index, part) in parts.enumerated() {
                    if index > 0 { Thread.sleep(forTimeInterval: 0.02) }
                    let bytes = Array(part.utf8)
                    _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                }
                if closing { return }
                continue
            }
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            pending += chunk[..<count]
        }
    }

    /// The first whole request in `bytes`: its head and, per `content-length`, its body.
    private static func completeRequest(in bytes: [UInt8]) -> Request? {
        let blankLine = Array("\r\n\r\n".utf8)
        guard bytes.count >= 4,
            let end = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<$0 + 4]) == blankLine })
        else { return nil }
        let head = String(decoding: bytes[..<(end + 4)], as: UTF8.self)
        let length =
            head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        let total = end + 4 + length
        return bytes.count >= total ? Request(head: head, bytes: total) : nil
    }
}
