import AsyncHTTPClient
import ConnectAPI
import ConnectCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LLMSimulator
import NIOCore
import NIOHTTP1
import PostgresClient
import Testing
import TestSupport

/// The server against llm-sim as its Anthropic upstream: AI answers, then the breaker opening
/// on 529s (fallback answers, no upstream calls while open), and closing again once the
/// simulator heals and the open period has passed (a manual clock: no sleeping); streamed chat
/// relayed as the upstream writes it.
@Suite struct RemoteModelRoutesTests {
    static func simulator(_ settings: SimulatorSettings = .init()) -> LLMSimulator {
        LLMSimulator(configuration: .init(host: "127.0.0.1", port: 0, apiKey: "sk-test", settings: settings))
    }

    static func remote(_ address: SimulatorAddress) -> @Sendable (inout ConnectConfiguration) -> Void {
        { configuration in
            configuration.anthropicAPIKey = "sk-test"
            configuration.anthropicBaseURL = address.baseURL
            configuration.anthropicModel = "claude-sim"
            configuration.aiTimeoutMilliseconds = 20_000
            configuration.aiRateLimitPerMinute = 1000
        }
    }

    @Test func breakerOpensOnUpstreamFailuresServesFallbackAndClosesAfterRecovery() async throws {
        let simulator = Self.simulator()
        let clock = ManualClock()
        try await simulator.withRunningServer { address in
            try await TestApp.runIsolated(configure: Self.remote(address), breakerClock: { clock.now }) { client, dependencies, _ in
                let token = try await client.login("loadtest+3@connectplt.kr")
                let matches = try await MatchesRoutesTests.list(client, token).0.matches
                try #require(matches.count >= 8)
                let circuit = HTTPField.Name("X-Circuit-State")!
                let cache = HTTPField.Name("X-Cache")!

                // Healthy upstream: an AI answer, then a cached one.
                var (reply, headers) = try await ExplanationRoutesTests.explain(client, token, matches[0].id)
                #expect(reply.metadata.source == "ai" && reply.metadata.model == "claude-sim")
                #expect(reply.metadata.usage.inputTokens > 0 && reply.metadata.usage.outputTokens > 0)
                #expect(!reply.explanation.summary.isEmpty)
                #expect(headers[cache] == "MISS" && headers[circuit] == "closed")
                (reply, headers) = try await ExplanationRoutesTests.explain(client, token, matches[0].id)
                #expect(headers[cache] == "HIT" && reply.metadata.source == "ai")
                #expect(simulator.state.counters.answered == 1)

                // The upstream is overloaded: each call (with its retries) fails; five open the breaker.
                _ = try simulator.state.update { $0.fault = .status; $0.status = 529; $0.errorRate = 1; $0.retryAfterSeconds = 0 }
                for index in 1...5 {
                    (reply, headers) = try await ExplanationRoutesTests.explain(client, token, matches[index].id)
                    #expect(reply.metadata.source == "fallback", "call \(index)")
                    #expect(headers[cache] == "MISS")
                    #expect(headers[circuit] == (index < 5 ? "closed" : "open"), "call \(index)")
                }
                let failedRequests = simulator.state.counters.requests
                #expect(simulator.state.counters.errors["529"] == failedRequests - 1)

                // Open: answers come from the fallback without touching the upstream, and are not cached.
                (reply, headers) = try await ExplanationRoutesTests.explain(client, token, matches[6].id)
                #expect(reply.metadata.source == "fallback" && headers[circuit] == "open")
                (reply, headers) = try await ExplanationRoutesTests.explain(client, token, matches[1].id)
                #expect(reply.metadata.source == "fallback" && headers[cache] == "MISS")
                #expect(simulator.state.counters.requests == failedRequests)
                let admin = try await client.login("admin@connectplt.kr")
                try await client.execute(
                    uri: "/api/admin/ai-monitoring/stats", method: .get, headers: [.authorization: "Bearer \(admin)"]
                ) { response in
                    struct Stats: Decodable {
                        struct Breaker: Decodable { var state: String; var provider: String; var consecutiveFailures: Int }
                        var breaker: Breaker
                    }
                    let breaker = try decodeJSON(Stats.self, response.body).breaker
                    #expect(breaker.state == "open" && breaker.provider == "anthropic" && breaker.consecutiveFailures == 5)
                }

                // Healed, but still inside the open period: no probe yet.
                _ = try simulator.state.update { $0.fault = .none }
                clock.advance(by: .seconds(29))
                (reply, headers) = try await ExplanationRoutesTests.explain(client, token, matches[7].id)
                #expect(reply.metadata.source == "fallback" && headers[circuit] == "open")
                #expect(simulator.state.counters.requests == failedRequests)

                // The period has passed: one probe succeeds and closes the breaker.
                clock.advance(by: .seconds(1))
                (reply, headers) = try await ExplanationRoutesTests.explain(client, token, matches[7].id)
                #expect(reply.metadata.source == "ai" && headers[circuit] == "closed")
                #expect(simulator.state.counters.requests == failedRequests + 1)

                // Fallbacks were logged as such; only AI answers cost money.
                await dependencies.usage.flush()
                let (fallbacks, paid) = try await dependencies.database.query("""
                    SELECT count(*) FILTER (WHERE outcome = 'fallback'), count(*) FILTER (WHERE cost_krw > 0) FROM ai_usage
                    """).first!.decode((Int, Int).self)
                #expect(fallbacks == 8)
                #expect(paid == 2)
            }
        }
    }

    @Test func streamedChatIsRelayedAsTheUpstreamWritesIt() async throws {
        // 25 tokens a second: a reply of dozens of tokens takes seconds to write.
        let simulator = Self.simulator(.init(tokensPerSecond: 25))
        try await simulator.withRunningServer { address in
            try await TestApp.runIsolated(configure: Self.remote(address), framework: .live) { client, _, _ in
                let token = try await client.login("demo@connectplt.kr")
                let port = try #require(client.port)
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/chat/stream")
                request.method = .POST
                request.headers.add(name: "authorization", value: "Bearer \(token)")
                request.headers.add(name: "content-type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: #"{"message":"AI 반도체 과제 중 마감이 가까운 것은?"}"#))
                let started = ContinuousClock.now
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
                #expect(response.status == .ok)
                #expect(response.headers.first(name: "x-circuit-state") == "closed")
                var firstDelta: Duration?
                var body = ""
                for try await chunk in response.body {
                    let text = String(buffer: chunk)
                    if firstDelta == nil, text.contains("event: delta") { firstDelta = ContinuousClock.now - started }
                    body += text
                }
                let total = ContinuousClock.now - started
                let first = try #require(firstDelta)
                #expect(body.contains("event: done"))
                #expect(body.contains(#""source":"ai""#))
                let deltas = body.components(separatedBy: "event: delta").count - 1
                #expect(deltas > 5)
                // Relayed, not buffered: the simulator writes a token every 40 ms, so the deltas
                // must arrive spread over at least half that production time. (A buffering relay
                // would deliver them all at once; load on the machine only stretches the spread.)
                let production = Duration.milliseconds(40 * (deltas - 1))
                #expect(total - first >= production / 2, "first delta after \(first), stream ended after \(total), \(deltas) deltas")
                #expect(simulator.state.counters.streamed == 1)
            }
        }
    }
}
