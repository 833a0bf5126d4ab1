import AsyncHTTPClient
import ConnectCore
import Foundation
import LLMSimulator
import Logging
import Synchronization
import Testing

/// The Messages API client against llm-sim: JSON and streamed answers, retries that honour
/// `retry-after` and stop at their bound, errors that carry the API's type, timeouts.
@Suite struct AnthropicClientTests {
    /// Records the retry delays instead of sleeping.
    final class Sleeps: Sendable {
        private let delays = Mutex<[Duration]>([])
        var recorded: [Duration] { delays.withLock { $0 } }
        func sleep(_ duration: Duration) { delays.withLock { $0.append(duration) } }
    }

    func withClient(
        _ settings: SimulatorSettings = .init(), maxRetries: Int = 2, timeout: Duration = .seconds(30),
        _ body: (AnthropicClient, LLMSimulator, Sleeps) async throws -> Void
    ) async throws {
        let simulator = LLMSimulator(configuration: .init(host: "127.0.0.1", port: 0, apiKey: "sk-test", settings: settings))
        let sleeps = Sleeps()
        try await simulator.withRunningServer { address in
            let http = AnthropicClient.makeHTTPClient(timeout: timeout)
            let client = AnthropicClient(
                configuration: .init(baseURL: address.baseURL, apiKey: "sk-test", model: "claude-sim", timeout: timeout, maxRetries: maxRetries),
                http: http, logger: Logger(label: "test"), sleep: { sleeps.sleep($0) })
            do {
                try await body(client, simulator, sleeps)
                try await http.shutdown()
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
    }

    let request = AnthropicMessagesRequest(
        model: "claude-sim", maxTokens: 256, system: "Answer briefly.", messages: [.init(role: "user", content: "What is TRL 6?")])

    @Test func jsonAndStreamedAnswersAgree() async throws {
        try await withClient { client, simulator, _ in
            let message = try await client.create(request)
            #expect(!message.text.isEmpty && message.usage.inputTokens > 0 && message.usage.outputTokens > 0)
            var text = ""
            var events: [AnthropicStreamEvent] = []
            for try await event in client.stream(request) {
                if case .textDelta(let delta) = event { text += delta } else { events.append(event) }
            }
            #expect(text == message.text)
            guard case .messageStart(_, let model, let input)? = events.first else { Issue.record("no message_start: \(events)"); return }
            #expect(model == "claude-sim" && input == message.usage.inputTokens)
            #expect(events.last == .messageStop)
            #expect(events.contains(.messageDelta(stopReason: "end_turn", outputTokens: message.usage.outputTokens)))
            #expect(simulator.state.counters.answered == 2)
        }
    }

    @Test func retriesHonourRetryAfterAndStopAtTheBound() async throws {
        try await withClient(.init(fault: .status, status: 429, retryAfterSeconds: 3), maxRetries: 2) { client, simulator, sleeps in
            let error = try await #require(throws: AnthropicError.self) { try await client.create(request) }
            #expect(error.kind == .status(429) && error.type == "rate_limit_error")
            #expect(error.retryAfterSeconds == 3)
            #expect(sleeps.recorded == [.seconds(3), .seconds(3)])
            #expect(simulator.state.counters.requests == 3)
        }
    }

    @Test func aLongRetryAfterIsCappedAtTenSeconds() async throws {
        try await withClient(.init(fault: .status, status: 429, retryAfterSeconds: 120), maxRetries: 2) { client, simulator, sleeps in
            let error = try await #require(throws: AnthropicError.self) { try await client.create(request) }
            #expect(error.retryAfterSeconds == 120)
            #expect(sleeps.recorded == [.seconds(10), .seconds(10)], "an upstream asking for 2 minutes gets 10 s")
            #expect(simulator.state.counters.requests == 3)
        }
    }

    @Test func aRetryCanSucceedAndOverloadWithoutRetryAfterBacksOff() async throws {
        try await withClient(.init(fault: .status, status: 529, errorRate: 1, retryAfterSeconds: 0)) { client, simulator, sleeps in
            _ = try await #require(throws: AnthropicError.self) { try await client.create(request) }
            #expect(simulator.state.counters.errors["529"] == 3)
            _ = try simulator.state.update { $0.fault = .none }
            let message = try await client.create(request)
            #expect(!message.text.isEmpty)
            #expect(sleeps.recorded.count == 2)
        }
    }

    @Test func clientErrorsAreNotRetriedNorUpstreamFailures() async throws {
        try await withClient(.init(fault: .status, status: 400)) { client, simulator, sleeps in
            let error = try await #require(throws: AnthropicError.self) { try await client.create(request) }
            #expect(error.kind == .status(400) && !error.isRetryable && !error.isUpstreamFailure)
            #expect(sleeps.recorded.isEmpty && simulator.state.counters.requests == 1)
        }
    }

    @Test func aHangingUpstreamTimesOut() async throws {
        try await withClient(.init(fault: .hang), timeout: .milliseconds(500)) { client, _, _ in
            let error = try await #require(throws: AnthropicError.self) { try await client.create(request) }
            #expect(error.kind == .timeout && error.isUpstreamFailure)
        }
    }

    @Test func aStreamCutByAnErrorEventThrowsItsType() async throws {
        try await withClient(.init(fault: .streamError)) { client, _, _ in
            var deltas = 0
            let error = try await #require(throws: AnthropicError.self) {
                for try await event in client.stream(request) { if case .textDelta = event { deltas += 1 } }
            }
            #expect(error.kind == .streamError && error.isUpstreamFailure)
        }
    }
}
