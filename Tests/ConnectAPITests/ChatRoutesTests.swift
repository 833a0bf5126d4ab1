import ConnectAPI
import ConnectCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresClient
import Testing
import TestSupport

/// `POST /api/chat` and `/api/chat/stream` with the offline model over the seeded programs.
@Suite struct ChatRoutesTests {
    struct Answer: Decodable {
        var conversationId: UUID
        var message: String
        var messageId: UUID
        var sources: [UUID]
        var source: String
        var cost: Double
    }

    static func post(_ client: some TestClientProtocol, _ token: String, _ body: String, uri: String = "/api/chat") async throws -> (HTTPResponse.Status, ByteBuffer, HTTPFields) {
        try await client.execute(
            uri: uri, method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
            body: ByteBuffer(string: body)
        ) { response in (response.status, response.body, response.headers) }
    }

    /// A `/api/chat/stream` body: the text of its `delta` events in order, and its `done` event's data.
    static func streamed(_ body: ByteBuffer) -> (deltas: [String], done: Data?, events: Int) {
        struct Delta: Decodable { var text: String }
        var parser = ServerSentEventParser()
        let events = parser.feed(body.readableBytesView)
        let deltas = events.filter { $0.name == "delta" }.compactMap { try? JSONDecoder().decode(Delta.self, from: Data($0.data.utf8)).text }
        return (deltas, events.last { $0.name == "done" }.map { Data($0.data.utf8) }, events.count)
    }

    @Test func answersFromRetrievedProgramsAndKeepsTheConversation() async throws {
        try await TestApp.runIsolated(configure: { $0.chatRateLimitPerMinute = 100 }) { client, dependencies, _ in
            let token = try await client.login("demo@connectplt.kr")
            let (status, body, _) = try await Self.post(client, token, #"{"message":"스마트팜 지원사업을 알려주세요"}"#)
            #expect(status == .ok)
            let first = try decodeJSON(Answer.self, body)
            #expect(first.message.contains("스마트팜 기술 실증 지원사업"))
            #expect(first.source == "local" && first.cost == 0)
            let smartFarm = try await dependencies.database.query(
                "SELECT id FROM funding_programs WHERE title = '스마트팜 기술 실증 지원사업'").first!.decode(UUID.self, at: 0)
            #expect(first.sources.first == smartFarm)

            let (_, secondBody, _) = try await Self.post(
                client, token, #"{"message":"Which AI programs are open?","conversationId":"\#(first.conversationId)"}"#)
            let second = try decodeJSON(Answer.self, secondBody)
            #expect(second.conversationId == first.conversationId)
            #expect(second.message.hasPrefix("I found"))
            let stored = try await dependencies.database.query(
                "SELECT count(*) FROM chat_messages WHERE conversation_id = \(first.conversationId)").first!.decode(Int.self, at: 0)
            #expect(stored == 4)
            await dependencies.usage.flush()
            let usage = try await dependencies.database.query("SELECT count(*) FROM ai_usage WHERE kind = 'QA_CHAT'").first!.decode(Int.self, at: 0)
            #expect(usage == 2)
        }
    }

    @Test func badMessagesAndForeignConversationsAreRefused() async throws {
        try await TestApp.runIsolated(configure: { $0.chatRateLimitPerMinute = 100 }) { client, _, _ in
            let owner = try await client.login("loadtest+8@connectplt.kr")
            let other = try await client.login("loadtest+9@connectplt.kr")
            let (_, body, _) = try await Self.post(client, owner, #"{"message":"반도체"}"#)
            let conversation = try decodeJSON(Answer.self, body).conversationId
            let long = String(repeating: "가", count: 2001)
            for (input, expected) in [
                (#"{"message":"   "}"#, HTTPResponse.Status.unprocessableContent),
                (#"{"message":"\#(long)"}"#, .unprocessableContent),
                (#"{"text":"hi"}"#, .unprocessableContent),
                (#"{"message":"hi","conversationId":"\#(UUID())"}"#, .notFound),
                (#"{"message":"hi","conversationId":"\#(conversation)"}"#, .notFound),
            ] {
                let token = input.contains(conversation.uuidString) ? other : owner
                let (status, _, _) = try await Self.post(client, token, input)
                #expect(status == expected, "\(input.prefix(60))")
            }
        }
    }

    @Test func perUserLimitGives429() async throws {
        try await TestApp.runIsolated(configure: { $0.chatRateLimitPerMinute = 2 }) { client, _, _ in
            let token = try await client.login("loadtest+0@connectplt.kr")
            for _ in 0..<2 { #expect(try await Self.post(client, token, #"{"message":"AI"}"#).0 == .ok) }
            let (status, _, headers) = try await Self.post(client, token, #"{"message":"AI"}"#)
            #expect(status == .tooManyRequests)
            #expect(headers[.retryAfter] != nil)
            #expect(headers[HTTPField.Name("X-RateLimit-Limit")!] == "2")
        }
    }

    @Test func streamSendsDeltasThenTheMetadata() async throws {
        try await TestApp.runIsolated(configure: { $0.chatRateLimitPerMinute = 100 }) { client, _, _ in
            let token = try await client.login("demo@connectplt.kr")
            let (status, body, headers) = try await Self.post(client, token, #"{"message":"해양 자원 탐사 과제가 있나요?"}"#, uri: "/api/chat/stream")
            #expect(status == .ok)
            #expect(headers[.contentType] == "text/event-stream")
            let (deltas, doneData, events) = Self.streamed(body)
            let text = deltas.joined()
            let done = try doneData.map { try JSONDecoder().decode(Answer.self, from: $0) }
            let final = try #require(done)
            #expect(events > 2)
            #expect(text == final.message)
            #expect(final.message.contains("해양자원 개발사업"))
        }
    }
}
