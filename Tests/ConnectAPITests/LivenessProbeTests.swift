import ConnectAPI
import ConnectCore
import ConnectServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// The health probes through a real socket: answered on the event loop by the channel handler
/// (`HealthProbeHandler`), with every other request, pipelined or not, still reaching the router
/// and every response in the order of its request.
@Suite struct LivenessProbeTests {
    /// An app whose dependencies all point at closed ports: liveness must not need them.
    func withLiveApp(_ test: @Sendable (Int) async throws -> Void) async throws {
        var configuration = try ConnectConfiguration(environment: [:])
        configuration.port = 0
        configuration.databaseURL = "postgresql://nobody@127.0.0.1:\(TestStack.freePort())/none"
        configuration.redisCacheURL = "redis://127.0.0.1:\(TestStack.freePort())"
        configuration.redisQueueURL = "redis://127.0.0.1:\(TestStack.freePort())"
        let dependencies = PlatformDependencies(configuration: configuration, logger: TestApp.logger)
        let app = await buildApplication(configuration: configuration, dependencies: dependencies, logger: TestApp.logger)
        try await app.test(.live) { client in
            try await test(try #require(client.port))
        }
    }

    @Test func answersWithBodyAndHeaders() async throws {
        try await withLiveApp { port in
            let reply = try await RawHTTP.exchange(port: port, "GET /api/health/live?probe=k8s HTTP/1.1\r\nHost: x\r\nX-Request-Id: probe-1\r\nConnection: close\r\n\r\n")
            #expect(reply.hasPrefix("HTTP/1.1 200 OK\r\n"))
            let lower = reply.lowercased()
            #expect(lower.contains("content-type: application/json"))
            #expect(lower.contains("x-request-id: probe-1"))
            #expect(lower.contains("date: "))
            #expect(reply.hasSuffix("\r\n\r\n{\"status\":\"ok\"}"))
        }
    }

    /// The status codes of the responses in `reply`, in order. Bodies have no trailing CRLF, so a
    /// status line can follow a body on the same line: split on the protocol name.
    static func statuses(in reply: String) -> [String] {
        reply.components(separatedBy: "HTTP/1.1 ").dropFirst().map { String($0.prefix(3)) }
    }

    @Test func pipelinedReadinessProbesWaitForTheirCheckInOrder() async throws {
        try await withLiveApp { port in
            // The dependencies are closed ports: readiness is 503 degraded, after a check.
            let requests = [
                "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Request-Id: first\r\n\r\n",
                "GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/nothing-here HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/health?probe=1 HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            ]
            let reply = try await RawHTTP.exchange(port: port, requests.joined())
            #expect(Self.statuses(in: reply) == ["503", "200", "404", "503", "200"])
            #expect(reply.lowercased().contains("x-request-id: first"))
            #expect(reply.contains(#""status":"degraded""#))
            #expect(reply.contains(#""redis_cache":{"#))
        }
    }

    @Test func pipelinedRequestsKeepTheirOrder() async throws {
        try await withLiveApp { port in
            let requests = [
                "GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/nothing-here HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /api/health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
                "GET /api/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            ]
            let reply = try await RawHTTP.exchange(port: port, requests.joined())
            // POST on the liveness path is not a probe: the router answers 405 (GET only).
            #expect(Self.statuses(in: reply) == ["200", "404", "405", "200"])
            #expect(reply.contains(#"{"error":{"code":"not_found""#))
            #expect(reply.contains(#"{"error":{"code":"method_not_allowed""#))
        }
    }
}

/// Writes raw bytes to a loopback port and reads until the server closes the connection.
enum RawHTTP {
    /// - Parameter timeout: the longest silence between two reads (a loaded machine runs the
    ///   readiness check's dependencies slowly).
    /// - Parameter halfClose: shut the client's side after sending (the server sees the input end).
    static func exchange(port: Int, _ request: String, timeout: Duration = .seconds(15), halfClose: Bool = false) async throws -> String {
        try await Task.detachedReadOnBlockingThread {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(descriptor) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let seconds = timeout.components.seconds
            var wait = timeval(tv_sec: Int(seconds), tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw RawHTTPError.connectFailed }
            let bytes = Array(request.utf8)
            // A server may answer and close before it has read everything (a refused body): what
            // it sent is read all the same.
            var sent = 0
            while sent < bytes.count {
                let count = bytes[sent...].withUnsafeBufferPointer { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard count > 0 else { break }
                sent += count
            }
            guard sent > 0 || bytes.isEmpty else { throw RawHTTPError.sendFailed }
            if halfClose { shutdown(descriptor, Int32(SHUT_WR)) }
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count <= 0 { break }
                received += buffer.prefix(count)
            }
            return String(decoding: received, as: UTF8.self)
        }
    }

    enum RawHTTPError: Error { case connectFailed, sendFailed }
}

extension Task where Success: Sendable, Failure == any Error {
    /// Runs blocking socket code on a thread of its own (tests only), awaiting its result.
    static func detachedReadOnBlockingThread(_ body: @escaping @Sendable () throws -> Success) async throws -> Success {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.start()
        }
    }
}
