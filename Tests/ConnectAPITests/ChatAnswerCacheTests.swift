import ConnectAPI
import ConnectCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LLMSimulator
import PostgresClient
import Testing
import TestSupport

/// The chat answer cache against llm-sim as the upstream: one model call per question however
/// it is written and however many ask at once; a miss for another language, a changed program,
/// a history-dependent follow-up or a fallback; a streamed answer replayed as the same events.
@Suite struct ChatAnswerCacheTests {
    struct Reply: Decodable {
        struct Metadata: Decodable {
            var cached: Bool
            var source: String
            var cost: Double
        }
        var conversationId: UUID
        var message: String
        var sources: [UUID]
        var cost: Double
        var source: String
        var metadata: Metadata
    }

    static let xCache = HTTPField.Name("X-Cache")!

    /// `POST /api/chat`: the answer and its `X-Cache` header.
    static func ask(
        _ client: some TestClientProtocol, _ token: String, _ message: String, conversation: UUID? = nil
    ) async throws -> (Reply, String?) {
        var body: [String: String] = ["message": message]
        if let conversation { body["conversationId"] = conversation.uuidString }
        let (status, buffer, headers) = try await ChatRoutesTests.post(
            client, token, String(decoding: try JSONEncoder().encode(body), as: UTF8.self))
        try #require(status == .ok, "\(message): \(String(buffer: buffer))")
        return (try decodeJSON(Reply.self, buffer), headers[xCache])
    }

    static func remote(_ address: SimulatorAddress, breakerFailures: Int = 5) -> @Sendable (inout ConnectConfiguration) -> Void {
        { configuration in
            RemoteModelRoutesTests.remote(address)(&configuration)
            configuration.chatRateLimitPerMinute = 1000
            configuration.breakerFailures = breakerFailures
        }
    }

    @Test func aQuestionIsAnsweredByTheModelOnceHoweverItIsWritten() async throws {
        let simulator = RemoteModelRoutesTests.simulator()
        try await simulator.withRunningServer { address in
            try await TestApp.runIsolated(configure: Self.remote(address)) { client, dependencies, _ in
                let token = try await client.login("loadtest+1@connectplt.kr")
                let question = "AI 반도체 과제는 마감이 언제인가요?"
                let (first, firstCache) = try await Self.ask(client, token, question)
                #expect(firstCache == "MISS" && !first.metadata.cached)
                #expect(first.source == "ai" && first.cost > 0 && first.metadata.cost == first.cost)
                #expect(!first.sources.isEmpty)
                #expect(simulator.state.counters.requests == 1)

                // The same question in a new conversation, then written differently: case, width,
                // spacing, punctuation and particles.
                for variant in [question, "  ai 반도체  과제   마감은 언제인가요", "ＡＩ 반도체 과제를 마감이 언제인가요!!"] {
                    let (reply, cache) = try await Self.ask(client, token, variant)
                    #expect(cache == "HIT", "\(variant)")
                    #expect(reply.metadata.cached && reply.cost == 0 && reply.source == "ai")
                    #expect(reply.message == first.message)
                    #expect(reply.sources == first.sources)
                    #expect(reply.conversationId != first.conversationId)
                }
                #expect(simulator.state.counters.requests == 1)

                // Other words, or the same question in English: the model again.
                #expect(try await Self.ask(client, token, "AI 반도체 과제 예산은 얼마인가요?").1 == "MISS")
                #expect(try await Self.ask(client, token, "When is the deadline of the AI semiconductor program?").1 == "MISS")
                #expect(simulator.state.counters.requests == 3)

                // The usage log: hits at zero cost; the monitoring stats report the chat hit rate.
                await dependencies.usage.flush()
                let (hits, hitCost, misses) = try await dependencies.database.query("""
                    SELECT count(*) FILTER (WHERE cache_hit), coalesce(sum(cost_krw) FILTER (WHERE cache_hit), 0)::float8,
                        count(*) FILTER (WHERE NOT cache_hit)
                    FROM ai_usage WHERE kind = 'QA_CHAT'
                    """).first!.decode((Int, Double, Int).self)
                #expect(hits == 3 && hitCost == 0 && misses == 3)
                let admin = try await client.login("admin@connectplt.kr")
                try await client.execute(
                    uri: "/api/admin/ai-monitoring/stats", method: .get, headers: [.authorization: "Bearer \(admin)"]
                ) { response in
                    struct Stats: Decodable {
                        struct Inner: Decodable {
                            struct Service: Decodable { var requests: Int; var cacheHitRate: Double }
                            var byService: [String: Service]
                        }
                        var stats: Inner
                    }
                    let chat = try #require(try decodeJSON(Stats.self, response.body).stats.byService["QA_CHAT"])
                    #expect(chat.requests == 6 && chat.cacheHitRate == 0.5)
                }
            }
        }
    }

    @Test func aChangedProgramIsAnsweredAfresh() async throws {
        let simulator = RemoteModelRoutesTests.simulator()
        try await simulator.withRunningServer { address in
            try await TestApp.runIsolated(configure: Self.remote(address)) { client, dependencies, _ in
                let token = try await client.login("loadtest+2@connectplt.kr")
                let question = "스마트팜 지원사업을 알려주세요"
                let (first, _) = try await Self.ask(client, token, question)
                let program = try #require(first.sources.first)
                // An update that changes nothing keeps the version, and the answer.
                try await dependencies.database.query("UPDATE funding_programs SET title = title WHERE id = \(program)")
                #expect(try await Self.ask(client, token, question).1 == "HIT")
                try await dependencies.database.query(
                    "UPDATE funding_programs SET description = description || ' (개정)' WHERE id = \(program)")
                let version = try await dependencies.database.query(
                    "SELECT version FROM funding_programs WHERE id = \(program)").first!.decode(Int.self, at: 0)
                #expect(version == 2)
                let (changed, cache) = try await Self.ask(client, token, question)
                #expect(cache == "MISS" && !changed.metadata.cached)
                #expect(simulator.state.counters.requests == 2)
                #expect(try await Self.ask(client, token, question).1 == "HIT")
            }
        }
    }

    @Test func aFollowUpTheModelAnswersFromHistoryIsNotCached() async throws {
        let simulator = RemoteModelRoutesTests.simulator()
        try await simulator.withRunningServer { address in
            try await TestApp.runIsolated(configure: Self.remote(address)) { client, _, _ in
                let token = try await client.login("loadtest+4@connectplt.kr")
                let (first, _) = try await Self.ask(client, token, "해양 자원 탐사 과제가 있나요?")
                let (followUp, cache) = try await Self.ask(client, token, "해양 자원 탐사 과제가 있나요?", conversation: first.conversationId)
                #expect(cache == "MISS" && !followUp.metadata.cached)
                #expect(simulator.state.counters.requests == 2)
                // A first message of another conversation is still answered from the cache.
                #expect(try await Self.ask(client, token, "해양 자원 탐사 과제가 있나요?").1 == "HIT")
            }
        }
    }

    @Test func fiftyConcurrentFirstMessagesShareOneModelCall() async throws {
        // A second per answer: every request has asked before the first answer is written.
        let simulator = RemoteModelRoutesTests.simulator(.init(latency: .fixed(.seconds(1))))
        try await simulator.withRunningServer { address in
            try await TestApp.runIsolated(configure: Self.remote(address)) { client, _, _ in
                let token = try await client.login("loadtest+5@connectplt.kr")
                let replies = try await withThrowingTaskGroup(of: (Reply, String?).self) { group in
                    for _ in 0..<50 { group.addTask { try await Self.ask(client, token, "TRL 4 단계 기업이 지원할 과제는?") } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(replies.count == 50)
                #expect(simulator.state.counters.requests == 1)
                #expect(replies.filter { !$0.0.metadata.cached }.count == 1)
                #expect(Set(replies.map(\.0.message)).count == 1)
                #expect(Set(replies.map(\.0.conversationId)).count == 50)
            }
        }
    }

    @Test func fallbackAnswersAreNotCached() async throws {
        let simulator = RemoteModelRoutesTests.simulator()
        let clock = ManualClock()
        try await simulator.withRunningServer { address in
            try await TestApp.runIsolated(configure: Self.remote(address, breakerFailures: 1), breakerClock: { clock.now }) { client, _, _ in
                let token = try await client.login("loadtest+6@connectplt.kr")
                let question = "KEIT 소재부품 과제를 추천해 주세요"
                _ = try simulator.state.update { $0.fault = .status; $0.status = 529; $0.errorRate = 1; $0.retryAfterSeconds = 0 }
                let (failed, failedCache) = try await Self.ask(client, token, question)
                #expect(failed.source == "fallback" && failedCache == "MISS")
                // Open: the fallback again, not from the cache, and no upstream call.
                _ = try simulator.state.update { $0.fault = .none }
                let upstreamCalls = simulator.state.counters.requests
                let (open, openCache) = try await Self.ask(client, token, question)
                #expect(open.source == "fallback" && openCache == "MISS" && !open.metadata.cached)
                #expect(simulator.state.counters.requests == upstreamCalls)
                // Closed again after the open period: the model answers, and that answer is cached.
                clock.advance(by: .seconds(31))
                let (healed, healedCache) = try await Self.ask(client, token, question)
                #expect(healed.source == "ai" && healedCache == "MISS")
                let (again, againCache) = try await Self.ask(client, token, question)
                #expect(again.source == "ai" && againCache == "HIT" && again.message == healed.message)
            }
        }
    }

    @Test func aCachedAnswerStreamsTheSameEvents() async throws {
        let simulator = RemoteModelRoutesTests.simulator()
        try await simulator.withRunningServer { address in
            try await TestApp.runIsolated(configure: Self.remote(address)) { client, _, _ in
                let token = try await client.login("loadtest+7@connectplt.kr")
                func stream() async throws -> (deltas: [String], done: Reply, cache: String?) {
                    let (status, body, headers) = try await ChatRoutesTests.post(
                        client, token, #"{"message":"IITP 인공지능 과제 신청 서류는?"}"#, uri: "/api/chat/stream")
                    try #require(status == .ok)
                    let (deltas, doneData, _) = ChatRoutesTests.streamed(body)
                    let done = try doneData.map { try JSONDecoder().decode(Reply.self, from: $0) }
                    return (deltas, try #require(done), headers[Self.xCache])
                }
                let fresh = try await stream()
                let cached = try await stream()
                #expect(fresh.cache == "MISS" && cached.cache == "HIT")
                #expect(fresh.deltas.count > 3)
                #expect(cached.deltas == fresh.deltas)
                #expect(cached.done.message == fresh.done.message && fresh.deltas.joined() == fresh.done.message)
                #expect(!fresh.done.metadata.cached && cached.done.metadata.cached && cached.done.cost == 0)
                #expect(simulator.state.counters.requests == 1)
                // The whole-answer route finds the same entry.
                let (whole, cache) = try await Self.ask(client, token, "IITP 인공지능 과제 신청 서류는?")
                #expect(cache == "HIT" && whole.message == fresh.done.message)
            }
        }
    }
}
