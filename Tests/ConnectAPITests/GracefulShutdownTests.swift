import ConnectCore
import DevStack
import Foundation
import Testing
import TestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real `connect serve` process: SIGTERM lets the request in flight finish, then exits 0.
@Suite struct GracefulShutdownTests {
    static func get(_ url: String) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 20
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func inFlightRequestFinishesBeforeExit(_ signal: Int32) async throws {
        try await TestStack.ensureRunning()
        try await TestStack.withPrivateRedis { cache in
            let port = TestStack.freePort()
            let log = TestStack.temporaryFolder("connect-serve") + "/serve.log"
            let (_, exitCode) = try await ChildProcess.withRunning(
                [try BuiltProducts.path("connect"), "serve", "--port", String(port)],
                environment: [
                    "DATABASE_URL": TestStack.devStack.databaseURL, "REDIS_CACHE_URL": cache.url,
                    "REDIS_QUEUE_URL": TestStack.devStack.queue.url, "LOG_FORMAT": "json", "LOG_LEVEL": "debug",
                ],
                outputPath: log
            ) { server in
                let base = "http://127.0.0.1:\(port)"
                var live = false
                for _ in 0..<100 where !live {
                    live = (try? await Self.get(base + "/api/health/live"))?.0 == 200
                    if !live { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(live, "server did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
                #expect(try await Self.get(base + "/api/health").0 == 200)

                // Freeze the cache so the next readiness check waits for its 2 s timeout.
                let redisPID = try #require(Int32((try String(contentsOfFile: cache.directory + "/redis.pid", encoding: .utf8))
                    .trimmingCharacters(in: .whitespacesAndNewlines)))
                kill(redisPID, SIGSTOP)
                defer { kill(redisPID, SIGCONT) }

                func checksStarted() -> Int {
                    ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").components(separatedBy: "readiness check started").count - 1
                }
                let before = checksStarted()
                async let slow = Self.get(base + "/api/health")
                // The signal arrives while the probe's check is waiting on the frozen cache.
                let deadline = ContinuousClock.now + .seconds(10)
                while checksStarted() == before, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
                #expect(checksStarted() > before, "the probe's check never started")
                server.signal(signal)
                let (status, body) = try await slow
                #expect(status == 503)
                #expect(body.contains(#""status":"degraded""#))
                #expect(await server.exited(within: .seconds(15)))
            }
            #expect(exitCode == 0)
        }
    }
}
