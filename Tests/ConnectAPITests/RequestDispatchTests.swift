import ConnectAPI
import ConnectCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// Requests to the router through a real socket (`RequestDispatchHandler`): pipelined ones are
/// answered in order, a request that asks to close is the connection's last, a client that
/// half-closes still gets every answer, a body cut off or malformed reaches its route as that
/// error (answered once), and a streamed answer is written part by part.
@Suite struct RequestDispatchTests {
    /// The `X-Request-Id` values of the responses in `reply`, in order.
    static func requestIDs(in reply: String) -> [String] {
        reply.components(separatedBy: "\r\n").compactMap { line in
            line.lowercased().hasPrefix("x-request-id: ") ? String(line.dropFirst("x-request-id: ".count)) : nil
        }
    }

    @Test func pipelinedRouterRequestsAreAnsweredInOrder() async throws {
        try await TestApp.run(framework: .live) { client, _ in
            let port = try #require(client.port)
            let login = #"{"email":"nobody@connectplt.kr","password":"not-the-password"}"#
            let requests = [
                "GET /api/funding-programs?keyword=AI HTTP/1.1\r\nHost: x\r\nX-Request-Id: one\r\n\r\n",
                "GET /api/nothing-here HTTP/1.1\r\nHost: x\r\nX-Request-Id: two\r\n\r\n",
                "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nX-Request-Id: three\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(login.utf8.count)\r\n\r\n\(login)",
                "GET /api/nothing-here HTTP/1.1\r\nHost: x\r\nX-Request-Id: four\r\nConnection: close\r\n\r\n",
            ]
            let reply = try await RawHTTP.exchange(port: port, requests.joined())
            #expect(LivenessProbeTests.statuses(in: reply) == ["200", "404", "401", "404"])
            #expect(Self.requestIDs(in: reply) == ["one", "two", "three", "four"])
        }
    }

    @Test func aLongPipelineBehindAWaitingRequestIsAnsweredInFullAndInOrder() async throws {
        try await TestApp.run(framework: .live) { client, _ in
            let port = try #require(client.port)
            // The first waits for Redis; the rest arrive meanwhile, are answered at once each
            // when their turn comes, and must neither nest nor reorder.
            var requests = ["GET /api/funding-programs?keyword=AI HTTP/1.1\r\nHost: x\r\nX-Request-Id: r0\r\n\r\n"]
            for index in 1..<1_500 {
                requests.append("GET /api/nothing-here HTTP/1.1\r\nHost: x\r\nX-Request-Id: r\(index)\r\n\r\n")
            }
            requests.append("GET /api/nothing-here HTTP/1.1\r\nHost: x\r\nX-Request-Id: r1500\r\nConnection: close\r\n\r\n")
            let reply = try await RawHTTP.exchange(port: port, requests.joined())
            let statuses = LivenessProbeTests.statuses(in: reply)
            #expect(statuses.count == 1_501)
            #expect(statuses.first == "200")
            #expect(Set(statuses.dropFirst()) == ["404"])
            #expect(Self.requestIDs(in: reply) == (0...1_500).map { "r\($0)" })
        }
    }

    /// Sends `request` and reads until the connection ends, expecting the server to end it (within
    /// 5 s), not the 10 s read timeout.
    static func exchangeEndedByServer(port: Int, _ request: String, halfClose: Bool = false) async throws -> String {
        let started = ContinuousClock.now
        let reply = try await RawHTTP.exchange(port: port, request, timeout: .seconds(10), halfClose: halfClose)
        #expect(ContinuousClock.now - started < .seconds(5))
        return reply
    }

    @Test func aRequestThatAsksToCloseIsTheConnectionsLast() async throws {
        try await TestApp.run(framework: .live) { client, _ in
            let reply = try await Self.exchangeEndedByServer(
                port: try #require(client.port),
                "GET /api/nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /api/nothing-here HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(LivenessProbeTests.statuses(in: reply) == ["404"])
        }
    }

    @Test func aClientThatHalfClosesGetsEveryAnswerThenTheEnd() async throws {
        try await TestApp.run(framework: .live) { client, _ in
            let reply = try await Self.exchangeEndedByServer(
                port: try #require(client.port),
                "GET /api/nothing-here HTTP/1.1\r\nHost: x\r\n\r\nGET /api/funding-programs?keyword=AI HTTP/1.1\r\nHost: x\r\n\r\n",
                halfClose: true)
            #expect(LivenessProbeTests.statuses(in: reply) == ["404", "200"])
        }
    }

    @Test func aBodyCutOffReachesItsRouteAsThatError() async throws {
        try await TestApp.run(framework: .live) { client, _ in
            let port = try #require(client.port)
            // Chunked, so no length announces it: the guard cuts it off past 1 MiB.
            let chunk = String(repeating: "a", count: (1 << 20) + 1024)
            let request = "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n0\r\n\r\n"
            let reply = try await RawHTTP.exchange(port: port, request, timeout: .seconds(10))
            #expect(LivenessProbeTests.statuses(in: reply) == ["413"])
            #expect(reply.contains(#""code":"payload_too_large""#))
            #expect(reply.lowercased().contains("connection: close"))
        }
    }

    @Test func aMalformedBodyIsAnsweredOnceByItsRoute() async throws {
        try await TestApp.run(framework: .live) { client, _ in
            let port = try #require(client.port)
            // A chunk size that is not hexadecimal: the decoder fails inside the body.
            let request = "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\n{}\r\nzz\r\n"
            let reply = try await RawHTTP.exchange(port: port, request, timeout: .seconds(10))
            #expect(LivenessProbeTests.statuses(in: reply) == ["400"])
            #expect(reply.contains(#""code":"malformed_request""#))
        }
    }

    @Test func aStreamedAnswerArrivesWholeOverASocket() async throws {
        try await TestApp.runIsolated(configure: { $0.chatRateLimitPerMinute = 100 }, framework: .live) { client, _, _ in
            let token = try await client.login("demo@connectplt.kr")
            let (status, body, headers) = try await ChatRoutesTests.post(
                client, token, #"{"message":"해양 자원 탐사 과제가 있나요?"}"#, uri: "/api/chat/stream")
            #expect(status == .ok)
            #expect(headers[.contentType] == "text/event-stream")
            // No length: the body was written part by part, as chunks.
            #expect(headers[.contentLength] == nil)
            let (deltas, done, events) = ChatRoutesTests.streamed(body)
            #expect(events > 2)
            let final = try JSONDecoder().decode(ChatRoutesTests.Answer.self, from: try #require(done))
            #expect(deltas.joined() == final.message)
        }
    }
}
