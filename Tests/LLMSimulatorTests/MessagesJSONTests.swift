import Foundation
import HTTPTypes
import HummingbirdTesting
import LLMSimulator
import Testing

/// `POST /v1/messages` answered as one JSON message, and the request checks of the real API.
@Suite(.timeLimit(.minutes(5))) struct MessagesJSONTests {
    @Test func replyHasTheMessagesAPIShape() async throws {
        try await SimulatorTestClient.run { client in
            let response = try await client.messages(model: "claude-sonnet-test")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.headers[.requestID]?.hasPrefix("req_") == true)
            let message = try response.decode(MessageBody.self)
            #expect(message.id.hasPrefix("msg_"))
            #expect(message.type == "message")
            #expect(message.role == "assistant")
            #expect(message.model == "claude-sonnet-test")
            #expect(message.content.count == 1)
            #expect(message.content.first?.type == "text")
            #expect(!message.text.isEmpty)
            #expect(message.stop_reason == "end_turn")
            #expect(message.stop_sequence == nil)
            #expect(message.usage.input_tokens > 0)
            #expect(message.usage.output_tokens > 0)
            // Fields in the API's order, stop_sequence written as null.
            #expect(response.text.hasPrefix(#"{"id":"msg_"#))
            #expect(response.text.contains(#""stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":"#))
        }
    }

    @Test func sameSeedAndRequestGiveTheSameText() async throws {
        let first = try await SimulatorTestClient.run(.init(seed: 7)) { try await $0.messages().decode(MessageBody.self) }
        let again = try await SimulatorTestClient.run(.init(seed: 7)) { try await $0.messages().decode(MessageBody.self) }
        #expect(first.text == again.text)
        #expect(first.id == again.id)
        #expect(first.usage.output_tokens == again.usage.output_tokens)

        let questions = ["How do I apply?", "What is TRL?", "Is my company eligible?", "When is the deadline?"]
        let otherSeed = try await SimulatorTestClient.run(.init(seed: 8)) { client in
            var texts: [String] = []
            for question in questions { texts.append(try await client.messages(question).decode(MessageBody.self).text) }
            return texts
        }
        let sameSeed = try await SimulatorTestClient.run(.init(seed: 7)) { client in
            var texts: [String] = []
            for question in questions { texts.append(try await client.messages(question).decode(MessageBody.self).text) }
            return texts
        }
        #expect(otherSeed != sameSeed, "another seed should change at least one reply")
    }

    @Test func maxTokensCutsTheReply() async throws {
        try await SimulatorTestClient.run { client in
            let message = try await client.messages(maxTokens: 3).decode(MessageBody.self)
            #expect(message.usage.output_tokens == 3)
            #expect(message.stop_reason == "max_tokens")
            #expect(message.text.split(separator: " ").count == 3)
        }
    }

    @Test func promptAskingForJSONGetsAnExplanationObject() async throws {
        try await SimulatorTestClient.run { client in
            let system = "You explain funding matches. Answer in English with JSON only: summary, reasons, cautions, recommendation."
            let message = try await client.messages("Explain the match.", system: system).decode(MessageBody.self)
            struct Explanation: Decodable {
                var summary: String
                var reasons: [String]
                var cautions: [String]
                var recommendation: String
            }
            let explanation = try JSONDecoder().decode(Explanation.self, from: Data(message.text.utf8))
            #expect(!explanation.summary.isEmpty)
            #expect((2...3).contains(explanation.reasons.count))
            #expect((1...2).contains(explanation.cautions.count))
            #expect(!explanation.recommendation.isEmpty)
            let english = explanation.summary.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(english)

            let korean = try await client.messages("이 매칭을 JSON으로 설명해 주세요: summary, reasons, cautions, recommendation")
                .decode(MessageBody.self)
            let koreanExplanation = try JSONDecoder().decode(Explanation.self, from: Data(korean.text.utf8))
            #expect(koreanExplanation.summary.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) })

            let prose = try await client.messages("What should I prepare first?").decode(MessageBody.self)
            #expect(prose.text.hasSuffix("."))
            #expect((try? JSONSerialization.jsonObject(with: Data(prose.text.utf8))) == nil)
        }
    }

    @Test(arguments: [
        (#"{"model":"m","messages":[{"role":"user","content":"Hi"}]}"#, "max_tokens: Field required"),
        (#"{"model":"m","max_tokens":10}"#, "messages: Field required"),
        (#"{"max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}"#, "model: Field required"),
        (#"{"model":"m","max_tokens":0,"messages":[{"role":"user","content":"Hi"}]}"#, "max_tokens: Input should be greater than or equal to 1"),
        (#"{"model":"m","max_tokens":"ten","messages":[{"role":"user","content":"Hi"}]}"#, "max_tokens: Input should be a valid integer"),
        (#"{"model":"m","max_tokens":10,"messages":[]}"#, "messages: at least one message is required"),
        (#"{"model":"m","max_tokens":10,"messages":[{"role":"robot","content":"Hi"}]}"#, "messages.0.role: Input should be 'user' or 'assistant'"),
        (#"{"model":"m","max_tokens":10,"messages":[{"role":"user"}]}"#, "messages.0.content: Field required"),
        (#"{"model":"m","max_tokens":10,"#, "The request body is not valid JSON."),
        (#"[1,2]"#, "The request body must be a JSON object."),
    ])
    func badBodiesAreInvalidRequestErrors(body: String, message: String) async throws {
        try await SimulatorTestClient.run { client in
            let response = try await client.send(.post, "/v1/messages", body: body)
            #expect(response.status == .badRequest)
            let error = try response.decode(ErrorBody.self)
            #expect(error.type == "error")
            #expect(error.error.type == "invalid_request_error")
            #expect(error.error.message == message)
            let counters = try await client.state().counters
            #expect(counters.requests == 1)
            #expect(counters.errors == ["400": 1])
            #expect(counters.answered == 0)
        }
    }

    @Test func contentBlocksAndSystemBlocksAreRead() async throws {
        try await SimulatorTestClient.run { client in
            let body = #"""
                {"model":"m","max_tokens":100,"temperature":0.2,"metadata":{"user_id":"u1"},
                 "system":[{"type":"text","text":"Be brief."}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"Hello"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]},
                             {"role":"assistant","content":"Hi."},{"role":"user","content":"Any programs for AI startups?"}]}
                """#
            let response = try await client.send(.post, "/v1/messages", body: body)
            #expect(response.status == .ok)
            #expect(try response.decode(MessageBody.self).usage.input_tokens > 5)
        }
    }

    @Test func wrongOrMissingKeyIsAnAuthenticationError() async throws {
        try await SimulatorTestClient.run(.init(apiKey: "sk-sim-secret")) { client in
            for headers: HTTPFields in [[:], [.apiKey: "sk-wrong"], [.authorization: "Bearer sk-wrong"]] {
                let response = try await client.messages(headers: headers)
                #expect(response.status == .unauthorized)
                let error = try response.decode(ErrorBody.self)
                #expect(error.error.type == "authentication_error")
            }
            #expect(try await client.messages(headers: [.apiKey: "sk-sim-secret"]).status == .ok)
            #expect(try await client.messages(headers: [.authorization: "Bearer sk-sim-secret"]).status == .ok)
            let counters = try await client.state().counters
            #expect(counters.errors == ["401": 3])
            #expect(counters.answered == 2)
            #expect(counters.requests == 5)
        }
    }

    @Test func unknownPathsAnswerInTheAPIErrorShape() async throws {
        try await SimulatorTestClient.run { client in
            let response = try await client.send(.get, "/v1/models/unknown")
            #expect(response.status == .notFound)
            #expect(try response.decode(ErrorBody.self).error.type == "not_found_error")
        }
    }

    @Test func oversizedBodiesAreRequestTooLarge() async throws {
        try await SimulatorTestClient.run(.init(maxRequestBytes: 1024)) { client in
            let response = try await client.messages(String(repeating: "word ", count: 500))
            #expect(response.status == .contentTooLarge)
            #expect(try response.decode(ErrorBody.self).error.type == "request_too_large")
        }
    }
}
