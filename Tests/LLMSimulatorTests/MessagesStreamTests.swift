import Foundation
import HTTPTypes
import HummingbirdTesting
import LLMSimulator
import Testing

/// `POST /v1/messages` with `"stream": true`: the Messages API's exact event sequence.
@Suite(.timeLimit(.minutes(5))) struct MessagesStreamTests {
    @Test func streamHasTheExactEventSequenceAndPayloads() async throws {
        try await SimulatorTestClient.run { client in
            let response = try await client.messages(stream: true, model: "claude-stream-test")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
            let frames = try StreamFrame.parse(response.text)
            let names = frames.map(\.event)
            let deltas = names.count - 6
            #expect(deltas > 0)
            #expect(names == ["message_start", "content_block_start", "ping"]
                + Array(repeating: "content_block_delta", count: deltas)
                + ["content_block_stop", "message_delta", "message_stop"])
            for frame in frames {
                #expect(try frame.json["type"] as? String == frame.event, "data.type names the event")
            }

            let start = try #require(try frames[0].json["message"] as? [String: Any])
            #expect((start["id"] as? String)?.hasPrefix("msg_") == true)
            #expect(start["type"] as? String == "message")
            #expect(start["role"] as? String == "assistant")
            #expect(start["model"] as? String == "claude-stream-test")
            #expect((start["content"] as? [Any])?.isEmpty == true)
            #expect(start["stop_reason"] is NSNull)
            #expect(start["stop_sequence"] is NSNull)
            let startUsage = try #require(start["usage"] as? [String: Int])
            #expect(startUsage["output_tokens"] == 1)
            #expect((startUsage["input_tokens"] ?? 0) > 0)

            #expect(frames[1].data == #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
            #expect(frames[2].data == #"{"type":"ping"}"#)
            var streamed = ""
            for frame in frames[3..<(3 + deltas)] {
                let json = try frame.json
                #expect(json["index"] as? Int == 0)
                let delta = try #require(json["delta"] as? [String: String])
                #expect(delta["type"] == "text_delta")
                streamed += delta["text"] ?? ""
            }
            #expect(frames[3 + deltas].data == #"{"type":"content_block_stop","index":0}"#)
            #expect(frames[4 + deltas].data
                == #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":\#(deltas)}}"#)
            #expect(frames[5 + deltas].data == #"{"type":"message_stop"}"#)

            // The same request as JSON: same text and usage.
            let message = try await client.messages(model: "claude-stream-test").decode(MessageBody.self)
            #expect(streamed == message.text)
            #expect(message.usage.output_tokens == deltas)
            #expect(message.usage.input_tokens == startUsage["input_tokens"])

            let counters = try await client.state().counters
            #expect(counters.requests == 2)
            #expect(counters.answered == 2)
            #expect(counters.streamed == 1)
        }
    }

    @Test func streamCutByMaxTokensSaysSo() async throws {
        try await SimulatorTestClient.run { client in
            let frames = try StreamFrame.parse(try await client.messages(stream: true, maxTokens: 2).text)
            #expect(frames.filter { $0.event == "content_block_delta" }.count == 2)
            #expect(frames.first { $0.event == "message_delta" }?.data.contains(#""stop_reason":"max_tokens""#) == true)
        }
    }

    /// Lower bounds only: sleeping never ends early, so these hold however loaded the machine is.
    @Test func latencyAndSpeedDelayTheAnswer() async throws {
        let settings = SimulatorSettings(latency: .fixed(.milliseconds(200)), tokensPerSecond: 100)
        try await SimulatorTestClient.run(.init(settings: settings)) { client in
            let clock = ContinuousClock()
            var started = clock.now
            let frames = try StreamFrame.parse(try await client.messages(stream: true).text)
            let deltas = frames.filter { $0.event == "content_block_delta" }.count
            #expect(clock.now - started >= .milliseconds(200) + .milliseconds(10) * (deltas - 1))

            started = clock.now
            let message = try await client.messages().decode(MessageBody.self)
            #expect(clock.now - started >= .milliseconds(200) + .milliseconds(10) * message.usage.output_tokens)
        }
    }
}
