import Hummingbird
import HummingbirdTesting
import LoadHarness
import Logging
import Testing

/// A tiny Hummingbird server on a free loopback port, the system under test of the executor tests:
/// `/ok` answers at once, `/slow` after 200 ms, the scenario routes of `TestServer+Scenario`,
/// anything else 404.
enum TestServer {
    static func run<Value: Sendable>(_ test: @Sendable (LoadClient) async throws -> Value) async throws -> Value {
        let router = Router()
        router.get("ok") { _, _ in "ok" }
        router.get("slow") { _, _ -> String in
            try await Task.sleep(for: .milliseconds(200))
            return "slow"
        }
        addScenarioRoutes(to: router)
        var logger = Logger(label: "load-harness-test")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in
            let port = try #require(client.port)
            let value = try await test(LoadClient(baseURL: "http://127.0.0.1:\(port)", requestTimeout: .seconds(30)))
            // A connection the harness was still opening when the test ended must be served before
            // the server shuts down: one accepted during the shutdown is never handed to the
            // server's loop, and NIO traps on its unfinished writer (apple/swift-nio#3481; it
            // crashed a test process once). Loopback connects land well within this pause.
            try await Task.sleep(for: .milliseconds(100))
            return value
        }
    }
}
