import Foundation
import HTTPTypes
import HummingbirdTesting
import LLMSimulator
import Testing

/// Each fault switched on through `POST /_control`, as the server's tests and the load scenarios
/// do, and what a client then gets.
@Suite(.timeLimit(.minutes(5))) struct FaultModeTests {
    @Test(arguments: [
        (529, "overloaded_error", "Overloaded"),
        (500, "api_error", "Internal server error"),
        (503, "api_error", "Simulated error"),
        (400, "invalid_request_error", "Simulated error"),
    ])
    func statusFaultAnswersTheRealErrorBody(status: Int, type: String, message: String) async throws {
        try await SimulatorTestClient.run { client in
            let state = try await client.control(#"{"fault":"status","status":\#(status)}"#)
            #expect(state.fault == "status")
            #expect(state.status == status)
            for stream in [false, true] {
                let response = try await client.messages(stream: stream)
                #expect(response.status.code == status)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[.retryAfter] == nil)
                #expect(response.text == #"{"type":"error","error":{"type":"\#(type)","message":"\#(message)"}}"#)
            }
            let counters = try await client.state().counters
            #expect(counters.errors == [String(status): 2])
            #expect(counters.requests == 2)
            #expect(counters.answered == 0)
        }
    }

    @Test func rateLimitFaultCarriesRetryAfter() async throws {
        try await SimulatorTestClient.run { client in
            try await client.control(#"{"fault":"status","status":429,"retryAfterSeconds":7}"#)
            let response = try await client.messages()
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] == "7")
            let error = try response.decode(ErrorBody.self)
            #expect(error.type == "error")
            #expect(error.error.type == "rate_limit_error")
        }
    }

    @Test func startupSettingsApplyFromTheFirstRequest() async throws {
        let settings = SimulatorSettings(fault: .status, status: 429, retryAfterSeconds: 2)
        try await SimulatorTestClient.run(.init(settings: settings)) { client in
            let response = try await client.messages()
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] == "2")
        }
    }

    @Test func malformedFaultBreaksTheBody() async throws {
        try await SimulatorTestClient.run { client in
            try await client.control(#"{"fault":"malformed"}"#)
            let response = try await client.messages()
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.text.hasPrefix(#"{"id":"msg_"#))
            #expect((try? JSONSerialization.jsonObject(with: Data(response.text.utf8))) == nil)

            let stream = try await client.messages(stream: true)
            #expect(stream.status == .ok)
            let frames = try StreamFrame.parse(stream.text)
            #expect(frames.map(\.event) == ["message_start", "content_block_delta"])
            #expect((try? frames[1].json) == nil)
            #expect(try await client.state().counters.malformed == 2)
        }
    }

    @Test func streamErrorFaultEndsTheStreamWithAnErrorEvent() async throws {
        try await SimulatorTestClient.run { client in
            try await client.control(#"{"fault":"stream_error","status":529}"#)
            let frames = try StreamFrame.parse(try await client.messages(stream: true).text)
            #expect(Array(frames.prefix(3).map(\.event)) == ["message_start", "content_block_start", "ping"])
            #expect(frames.contains { $0.event == "content_block_delta" })
            #expect(!frames.contains { $0.event == "message_stop" })
            #expect(frames.last?.event == "error")
            #expect(frames.last?.data == #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
            // Without streaming the status itself is the answer.
            #expect(try await client.messages().status.code == 529)
            let counters = try await client.state().counters
            #expect(counters.interrupted == 1)
            #expect(counters.errors == ["529": 1])
        }
    }

    @Test func hangNeverAnswersUntilReleased() async throws {
        try await SimulatorTestClient.run { client in
            try await client.control(#"{"fault":"hang"}"#)
            #expect(try await client.messagesGetNoAnswer(quietFor: .milliseconds(500)))
            var state = try await client.state()
            #expect(state.counters.hangs == 1)
            #expect(state.held == 1)
            #expect(state.counters.answered == 0)

            // Switching the fault off lets the held request go (its connection is closed).
            state = try await client.control(#"{"fault":"none"}"#)
            #expect(state.held == 0)
            #expect(try await client.messages().status == .ok)
        }
    }

    @Test func resetLetsHeldRequestsGo() async throws {
        try await SimulatorTestClient.run { client in
            try await client.control(#"{"fault":"hang"}"#)
            #expect(try await client.messagesGetNoAnswer(stream: true, quietFor: .milliseconds(200)))
            #expect(try await client.state().held == 1)
            let state = try await client.reset()
            #expect(state.held == 0)
            #expect(state.fault == "none")
        }
    }

    @Test func stoppingTheSimulatorLetsHeldRequestsGo() async throws {
        let clock = ContinuousClock()
        var stopping = clock.now
        let request = try await SimulatorTestClient.run(.init(settings: .init(fault: .hang))) { client in
            let request = Task { try? await client.messages(timeout: .seconds(120)) }
            var held = 0
            for _ in 0..<600 {
                held = try await client.state().held
                if held > 0 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(held == 1)
            stopping = clock.now
            return request
        }
        // The graceful shutdown did not wait for the held request: its connection was closed.
        #expect(clock.now - stopping < .seconds(60))
        #expect(await request.value == nil)
    }

    @Test func hangEndsAfterMaxHang() async throws {
        try await SimulatorTestClient.run(.init(settings: .init(fault: .hang), maxHang: .milliseconds(300))) { client in
            // The connection is closed without a response: the client sees an error, not a timeout.
            let clock = ContinuousClock()
            let started = clock.now
            await #expect(throws: (any Error).self) {
                _ = try await client.messages(timeout: .seconds(60))
            }
            #expect(clock.now - started < .seconds(30))
            let held = try await client.state().held
            #expect(held == 0)
        }
    }

    @Test func errorRatePicksTheSameShareRunAfterRun() async throws {
        try await SimulatorTestClient.run(.init(seed: 11)) { client in
            try await client.control(#"{"fault":"status","status":529,"errorRate":0.3}"#)
            func outcomes() async throws -> [Int] {
                var codes: [Int] = []
                for _ in 0..<100 { codes.append(Int(try await client.messages(maxTokens: 1).status.code)) }
                return codes
            }
            let first = try await outcomes()
            let failed = first.filter { $0 == 529 }.count
            #expect((15...45).contains(failed), "\(failed) of 100 failed at rate 0.3")
            #expect(first.allSatisfy { $0 == 200 || $0 == 529 })
            let counters = try await client.state().counters
            #expect(counters.errors["529"] == failed)
            #expect(counters.answered == 100 - failed)

            // A reset reseeds: the same requests fail again.
            try await client.reset()
            try await client.control(#"{"fault":"status","status":529,"errorRate":0.3}"#)
            #expect(try await outcomes() == first)
        }
    }
}
