import ConnectAPI
import ConnectCore
import DevStack
import Foundation
import PostgresClient
import Synchronization
import Testing
import TestSupport

/// The edges of a real `connect serve` process, driven over real sockets: its secret, its
/// connections' timeouts and bounds, early refusals, its drain on SIGTERM, and its limits while
/// the cache instance is down.
@Suite(.serialized) struct HardenedServerTests {
    static let request = "GET /api/funding-programs/stats HTTP/1.1\r\nHost: localhost\r\n\r\n"

    @Test func theDevelopmentSecretIsRefusedOffLoopback() async throws {
        for (environment, arguments) in [(["HOST": "0.0.0.0"], []), ([:], ["--host", "0.0.0.0"]), (["HOST": "::"], [])] {
            let exitCode = try await ServerProcess.with(
                environment: environment.merging(["JWT_SECRET": ""]) { $1 }, arguments: arguments, waitUntilLive: false
            ) { server in
                #expect(await server.process.exited(within: .seconds(30)), "\(environment) \(arguments): still running")
                #expect(server.logText().contains("JWT_SECRET"), "\(server.logText())")
                await #expect(throws: (any Error).self) { _ = try await RawSocket.connect(port: server.port) }
            }
            #expect(exitCode != 0, "\(environment) \(arguments): exit \(exitCode)")
        }
        // The example file's placeholder is refused even on loopback.
        let placeholderExit = try await ServerProcess.with(
            environment: ["JWT_SECRET": "replace-with-openssl-rand-hex-32"], waitUntilLive: false
        ) { placeholder in
            #expect(await placeholder.process.exited(within: .seconds(30)))
            #expect(placeholder.logText().contains("JWT_SECRET: is a placeholder"))
            #expect(!placeholder.logText().contains("replace-with-openssl-rand-hex-32"), "the refused value is never echoed")
        }
        #expect(placeholderExit == 1)
        // A real secret serves any address.
        let status = try await ServerProcess.with(environment: ["HOST": "0.0.0.0", "JWT_SECRET": String(repeating: "5e", count: 32)]) { server in
        }
        #expect(status == 0)
    }

    @Test func tokensOfMissingOrDeletedAccountsAreRefused() async throws {
        let secret = String(repeating: "3c", count: 32)
        try await ServerProcess.withIsolatedServer(environment: ["JWT_SECRET": secret, "IDENTITY_CACHE_SECONDS": "1"]) { server, databaseURL, _ in
            // Signed with the server's own secret, for an account that never existed, as ADMIN.
            let ghost = UserAccount(id: UUID(), email: "ghost@connectplt.kr", name: "g", role: .admin, organizationID: nil)
            let forged = try await AccessTokens(secret: secret).issue(for: ghost).token
            for path in ["/api/admin/ai-monitoring/stats", "/api/matches"] {
                let reply = try await ScaleOutTests.request("GET", server.base + path, token: forged)
                #expect(reply.status == 401, "\(path)")
            }
            // A real account's token works until the account is deleted, then stops within the window.
            let token = try await server.token("loadtest+2@connectplt.kr")
            #expect(try await ScaleOutTests.request("GET", server.base + "/api/matches", token: token).status == 200)
            let pool = PostgresPool(configuration: .init(url: databaseURL, poolSize: 1))
            try await pool.query("DELETE FROM users WHERE email = 'loadtest+2@connectplt.kr'")
            await pool.shutdown()
            var status = 200
            let deadline = ContinuousClock.now + .seconds(5)
            while status != 401, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                status = try await ScaleOutTests.request("GET", server.base + "/api/matches", token: token).status
            }
            #expect(status == 401, "a deleted account's token after the 1 s window")
        }
    }

    @Test func idleAndSlowConnectionsAreClosedWithinTheirTimeouts() async throws {
        let status = try await ServerProcess.with(environment: [
            "HTTP_IDLE_TIMEOUT_SECONDS": "1", "HTTP_HEAD_TIMEOUT_SECONDS": "1", "HTTP_BODY_TIMEOUT_SECONDS": "1",
        ]) { server in
            func closedInTime(_ socket: RawSocket, since start: ContinuousClock.Instant, _ what: String) async {
                let ending = await socket.ending(within: .seconds(8))
                let elapsed = ContinuousClock.now - start
                #expect(ending == .closed, "\(what): \(String(describing: ending))")
                #expect(elapsed >= .milliseconds(900), "\(what) closed after \(elapsed), before its timeout")
            }

            // A connection that never sends anything, and a keep-alive connection after its response.
            let silent = try await RawSocket.connect(port: server.port)
            let silentSince = ContinuousClock.now
            let kept = try await RawSocket.connect(port: server.port)
            try await kept.send(Self.request)
            #expect(await kept.readResponse()?.status == 200)
            let keptSince = ContinuousClock.now
            await closedInTime(silent, since: silentSince, "a silent connection")
            await closedInTime(kept, since: keptSince, "an idle keep-alive connection")

            // A head that stops half-way: 408, then closed.
            let half = try await RawSocket.connect(port: server.port)
            try await half.send("GET /api/funding-programs HTTP/1.1\r\nHost: localhost\r\n")
            let halfSince = ContinuousClock.now
            let headTimeout = await half.readResponse()
            #expect(headTimeout?.status == 408)
            #expect(headTimeout?.body.contains(#""code":"request_timeout""#) == true)
            await closedInTime(half, since: halfSince, "a half-sent head")

            // A body that stops arriving: the route reading it answers 408, then the connection closes.
            let stalled = try await RawSocket.connect(port: server.port)
            try await stalled.send(
                "POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\":")
            let stalledSince = ContinuousClock.now
            let bodyTimeout = await stalled.readResponse()
            #expect(bodyTimeout?.status == 408)
            #expect(bodyTimeout?.header("Connection") == "close")
            #expect(bodyTimeout?.body.contains(#""code":"request_timeout""#) == true)
            await closedInTime(stalled, since: stalledSince, "a stalled body")
        }
        #expect(status == 0)
    }

    @Test func oversizedRequestsAreRefusedEarlyInTheErrorShape() async throws {
        let status = try await ServerProcess.with(environment: [:]) { server in
            // A declared body over 1 MiB: 413 before a byte of it is sent.
            let declared = try await RawSocket.connect(port: server.port)
            try await declared.send(
                "POST /api/auth/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 52428800\r\n\r\n")
            let tooLarge = await declared.readResponse()
            #expect(tooLarge?.status == 413)
            #expect(tooLarge?.body.contains(#""code":"payload_too_large""#) == true)
            #expect(tooLarge?.header("Connection") == "close")
            #expect(await declared.ending(within: .seconds(8)) == .closed)

            // A chunked body: 413 once it passes 1 MiB, though the client would send 50 MiB.
            let chunked = try await RawSocket.connect(port: server.port)
            try await chunked.send("POST /api/auth/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = Array("10000\r\n".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 0x10000) + Array("\r\n".utf8)
            for _ in 0..<17 { try await chunked.send(chunk) }
            let chunkedTooLarge = await chunked.readResponse()
            #expect(chunkedTooLarge?.status == 413)
            #expect(chunkedTooLarge?.body.contains(#""code":"payload_too_large""#) == true)
            #expect(await chunked.ending(within: .seconds(8)) == .closed)

            // A 100 KB request target is 414, a 200 KB header 431, both as JSON errors.
            for (request, status, code) in [
                ("GET /api/funding-programs?keyword=\(String(repeating: "a", count: 100_000)) HTTP/1.1\r\nHost: localhost\r\n\r\n", 414, "uri_too_long"),
                ("GET /api/funding-programs?keyword=\(String(repeating: "b", count: 9_000)) HTTP/1.1\r\nHost: localhost\r\n\r\n", 414, "uri_too_long"),
                ("GET /api/funding-programs HTTP/1.1\r\nHost: localhost\r\nX-Padding: \(String(repeating: "c", count: 200_000))\r\n\r\n", 431, "header_fields_too_large"),
                ("GET /api/funding-programs HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n", 400, "malformed_request"),
            ] {
                let socket = try await RawSocket.connect(port: server.port)
                try await socket.send(request)
                let response = await socket.readResponse()
                #expect(response?.status == status, "\(code)")
                #expect(response?.header("Content-Type")?.hasPrefix("application/json") == true, "\(code)")
                #expect(response?.body.contains(#""code":"\#(code)""#) == true, "\(code): \(response?.body ?? "no response")")
                #expect(response?.header("X-Request-Id")?.count == 32)
                #expect(await socket.ending(within: .seconds(8)) == .closed, "\(code)")
            }
        }
        #expect(status == 0)
    }

    @Test func aClientThatAbortsMidBodyIsCountedAsTheClients() async throws {
        let status = try await ServerProcess.with(environment: [:]) { server in
            for abort in [false, true] {
                let socket = try await RawSocket.connect(port: server.port)
                try await socket.send(
                    "POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\":")
                // The head is read and the route is waiting for the body when the client goes away.
                try await Task.sleep(for: .milliseconds(200))
                if abort { await socket.reset() } else { await socket.close() }
            }
            var counted: [String] = []
            for _ in 0..<50 {
                let metrics = try await ScaleOutTests.request("GET", server.base + "/metrics")
                counted = String(decoding: metrics.body, as: UTF8.self).split(separator: "\n")
                    .filter { $0.hasPrefix("connect_http_requests_total{") && $0.contains("/api/auth/login") }.map(String.init)
                if counted.contains(where: { $0.contains(#"status="499"} 2"#) }) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(counted == [#"connect_http_requests_total{method="POST",route="/api/auth/login",status="499"} 2"#], "\(counted)")
            let errors = server.logLines().filter { $0["level"] as? String == "error" }
            #expect(errors.isEmpty, "\(errors)")
            #expect(server.logLines().filter { $0["msg"] as? String == "client closed the request" }.count == 2)
        }
        #expect(status == 0)
    }

    @Test func limitsHoldWhileTheCacheInstanceIsDown() async throws {
        try await ServerProcess.withIsolatedServer(environment: [
            "LOGIN_RATE_LIMIT_PER_MINUTE": "3", "CHAT_RATE_LIMIT_PER_MINUTE": "2", "AI_RATE_LIMIT_PER_MINUTE": "2",
            "REGISTRATION_RATE_LIMIT_PER_HOUR": "2",
        ]) { server, _, cache in
            let login = try await ScaleOutTests.request(
                "POST", server.base + "/api/auth/login", json: ["email": "demo@connectplt.kr", "password": ScaleOutTests.password])
            let token = try login.json(ScaleOutTests.Session.self).token
            let matches = try await ScaleOutTests.request("GET", server.base + "/api/matches", token: token)
            let ids = try matches.json(ScaleOutTests.MatchList.self).matches.map(\.id)
            try #require(ids.count >= 3)
            try await cache.stop()

            // Reads go on from PostgreSQL.
            #expect(try await ScaleOutTests.request("GET", server.base + "/api/matches", token: token).status == 200)
            #expect(try await ScaleOutTests.request("GET", server.base + "/api/funding-programs?keyword=AI").status == 200)
            // Each limit is counted by this instance instead: the next calls are allowed up to it, then 429.
            var signIns: [Int] = []
            for _ in 0..<4 {
                signIns.append(try await ScaleOutTests.request(
                    "POST", server.base + "/api/auth/login", json: ["email": "demo@connectplt.kr", "password": ScaleOutTests.password]).status)
            }
            #expect(signIns == [200, 200, 200, 429])
            var registrations: [Int] = []
            for _ in 0..<3 {
                registrations.append(try await ScaleOutTests.request(
                    "POST", server.base + "/api/auth/register",
                    json: ["email": "demo@connectplt.kr", "password": "long-enough-1", "name": "n"]).status)
            }
            #expect(registrations == [409, 409, 429])
            var chats: [Int] = []
            for _ in 0..<3 {
                chats.append(try await ScaleOutTests.request("POST", server.base + "/api/chat", token: token, json: ["message": "AI 사업"]).status)
            }
            #expect(chats == [200, 200, 429])
            // Every explanation is a model call while the cache is down.
            var explanations: [Int] = []
            for id in ids.prefix(3) {
                explanations.append(try await ScaleOutTests.request("GET", server.base + "/api/matches/\(id)/explanation", token: token).status)
            }
            #expect(explanations == [200, 200, 429])
            let warnings = server.logLines().filter { $0["msg"] as? String == "rate limiter counting per instance: the cache instance is unavailable" }
            #expect(Set(warnings.compactMap { $0["limiter"] as? String }) == ["ratelimit:login", "ratelimit:register", "ratelimit:chat", "ratelimit:ai"])
        }
    }

    @Test func connectionsPastTheBoundAreRefusedClearly() async throws {
        let limit = 4
        let status = try await ServerProcess.with(environment: ["HTTP_MAX_CONNECTIONS": String(limit)]) { server in
            var held: [RawSocket] = []
            var refusal: RawSocket.Response?
            for _ in 0...limit {
                let socket = try await RawSocket.connect(port: server.port)
                // A refused connection is answered at once and ended: the send may find it closed.
                try? await socket.send(Self.request)
                let response = await socket.readResponse()
                if response?.status == 200 {
                    held.append(socket)
                } else {
                    refusal = response
                    #expect(await socket.ending(within: .seconds(8)) == .closed)
                    break
                }
            }
            // The liveness poll's own connection may still be closing: one fewer may be admitted.
            #expect((limit - 1...limit).contains(held.count), "admitted \(held.count) of \(limit)")
            #expect(refusal?.status == 503)
            #expect(refusal?.header("Retry-After") == "1")
            #expect(refusal?.body.contains(#""code":"too_many_connections""#) == true)
            for socket in held { await socket.close() }
            // Once they are closed, new connections are admitted again.
            var admitted = false
            for _ in 0..<50 where !admitted {
                let socket = try await RawSocket.connect(port: server.port)
                try await socket.send(Self.request)
                admitted = await socket.readResponse()?.status == 200
                await socket.close()
                if !admitted { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(admitted)
        }
        #expect(status == 0)
    }

    @Test func sigtermDrainsKeepAliveClientsWithoutAReset() async throws {
        let status = try await ServerProcess.with(environment: [:]) { server in
            let answered = AnswerCount()
            let endings = try await withThrowingTaskGroup(of: (Int, RawSocket.Ending?, String?).self) { group in
                for _ in 0..<100 {
                    // Established keep-alive clients: each one answered once before the run. (A
                    // connection still in the kernel's accept queue when the listener closes is reset
                    // by the kernel; a load balancer's draining, or the preStop pause, covers those.)
                    let socket = try await RawSocket.connect(port: server.port)
                    try await socket.send(Self.request)
                    #expect(await socket.readResponse()?.status == 200)
                    group.addTask {
                        // Sends the next request as soon as the last answer is in, until the server ends it.
                        var responses = 0
                        while true {
                            do { try await socket.send(Self.request) } catch { break }
                            guard let response = await socket.readResponse(timeout: .seconds(20)) else { break }
                            guard response.status == 200 else { return (responses, nil, "status \(response.status)") }
                            responses += 1
                            answered.add()
                            if response.header("Connection") == "close" { break }
                        }
                        return (responses, await socket.ending(within: .seconds(20)), nil)
                    }
                }
                // Every connection busy, then the signal.
                while answered.value < 500 { try await Task.sleep(for: .milliseconds(20)) }
                server.process.signal(SIGTERM)
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(await server.process.exited(within: .seconds(20)))
            let problems = endings.compactMap(\.2)
            #expect(problems.isEmpty, "\(problems)")
            let resets = endings.filter { $0.1 == .reset }.count
            let notClosed = endings.filter { $0.1 != .closed }
            #expect(resets == 0, "\(resets) of 100 connections were reset")
            #expect(notClosed.isEmpty, "\(notClosed.map { String(describing: $0.1) })")
            #expect(endings.map(\.0).reduce(0, +) >= 500)
        }
        #expect(status == 0, "the drained server exits 0")
    }
}

/// Responses counted across the clients of a test.
final class AnswerCount: Sendable {
    private let count = Atomic<Int>(0)

    func add() { count.add(1, ordering: .relaxed) }

    var value: Int { count.load(ordering: .relaxed) }
}
