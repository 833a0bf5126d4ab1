import Foundation
import HTTPTypes
import HummingbirdTesting
import LLMSimulator
import Testing

/// `GET|POST /_control` and `POST /_control/reset`: partial changes, validation, counters, reset.
@Suite(.timeLimit(.minutes(5))) struct ControlEndpointTests {
    @Test func showsTheStartupSettings() async throws {
        let settings = SimulatorSettings(
            fault: .none, status: 500, errorRate: 0.25, retryAfterSeconds: 4,
            latency: .logNormal(p50: .milliseconds(300), p99: .seconds(2)), tokensPerSecond: 200)
        try await SimulatorTestClient.run(.init(seed: 1234, settings: settings)) { client in
            let state = try await client.state()
            #expect(state.fault == "none")
            #expect(state.status == 500)
            #expect(state.errorRate == 0.25)
            #expect(state.retryAfterSeconds == 4)
            #expect(state.latency == "lognormal:p50=300ms,p99=2s")
            #expect(state.tokensPerSecond == 200)
            #expect(state.seed == 1234)
            #expect(state.held == 0)
            #expect(state.counters.requests == 0)
            #expect(state.counters.errors.isEmpty)
        }
    }

    @Test func changesOnlyWhatTheBodyNames() async throws {
        try await SimulatorTestClient.run { client in
            var state = try await client.control(#"{"latency":"uniform:1ms-2ms","tokensPerSecond":500}"#)
            #expect(state.latency == "uniform:1ms-2ms")
            #expect(state.tokensPerSecond == 500)
            #expect(state.fault == "none")
            #expect(state.status == 529)
            state = try await client.control(#"{"fault":"status","errorRate":0.5}"#)
            #expect(state.fault == "status")
            #expect(state.errorRate == 0.5)
            #expect(state.latency == "uniform:1ms-2ms")
            #expect(try await client.state().fault == "status")
        }
    }

    @Test(arguments: [
        (#"{"fault":"explode"}"#, "fault \"explode\""),
        (#"{"status":200}"#, "status 200"),
        (#"{"errorRate":1.5}"#, "errorRate 1.5"),
        (#"{"latency":"fast"}"#, "latency \"fast\""),
        (#"{"tokensPerSecond":-1}"#, "tokensPerSecond -1"),
        (#"{"error_rate":0.5}"#, "unknown setting error_rate"),
        (#"{"status":"529"}"#, "status: wrong type"),
        (#"not json"#, "expected a JSON object"),
    ])
    func rejectsBadChangesAndKeepsTheSettings(body: String, message: String) async throws {
        try await SimulatorTestClient.run { client in
            let response = try await client.send(.post, "/_control", body: body)
            #expect(response.status == .badRequest)
            let error = try response.decode(ErrorBody.self)
            #expect(error.error.type == "invalid_request_error")
            #expect(error.error.message.hasPrefix(message), "\(error.error.message)")
            let state = try await client.state()
            #expect(state.fault == "none")
            #expect(state.status == 529)
            #expect(state.errorRate == 1)
        }
    }

    @Test func countsEveryOutcome() async throws {
        try await SimulatorTestClient.run(.init(apiKey: "k")) { client in
            _ = try await client.messages(headers: [.apiKey: "k"])
            _ = try await client.messages(stream: true, headers: [.apiKey: "k"])
            _ = try await client.messages(headers: [.apiKey: "nope"])
            _ = try await client.send(.post, "/v1/messages", body: "{}", headers: [.apiKey: "k"])
            try await client.control(#"{"fault":"status","status":529}"#)
            _ = try await client.messages(headers: [.apiKey: "k"])
            _ = try await client.messages(headers: [.apiKey: "k"])
            try await client.control(#"{"fault":"malformed"}"#)
            _ = try await client.messages(headers: [.apiKey: "k"])
            // Reading and changing the control state is not counted.
            let counters = try await client.state().counters
            #expect(counters.requests == 7)
            #expect(counters.answered == 2)
            #expect(counters.streamed == 1)
            #expect(counters.errors == ["401": 1, "400": 1, "529": 2])
            #expect(counters.malformed == 1)
            #expect(counters.hangs == 0)
            #expect(counters.interrupted == 0)
        }
    }

    @Test func resetRestoresStartupSettingsAndZeroesCounters() async throws {
        let settings = SimulatorSettings(latency: .fixed(.milliseconds(1)), tokensPerSecond: 1000)
        try await SimulatorTestClient.run(.init(settings: settings)) { client in
            _ = try await client.messages()
            try await client.control(#"{"fault":"status","status":500,"errorRate":0.1,"latency":"fixed:5ms","tokensPerSecond":0,"retryAfterSeconds":9}"#)
            _ = try await client.messages()
            let state = try await client.reset()
            #expect(state.fault == "none")
            #expect(state.status == 529)
            #expect(state.errorRate == 1)
            #expect(state.retryAfterSeconds == 1)
            #expect(state.latency == "fixed:1ms")
            #expect(state.tokensPerSecond == 1000)
            #expect(state.counters.requests == 0)
            #expect(state.counters.answered == 0)
            #expect(state.counters.errors.isEmpty)
            #expect(try await client.state().counters.requests == 0)
        }
    }

    @Test func inProcessStateMatchesTheEndpoint() async throws {
        let simulator = LLMSimulator(configuration: .init(port: 0), logger: SimulatorTestClient.quietLogger)
        try await simulator.withRunningServer { address in
            let client = SimulatorTestClient(address: address)
            _ = try await client.messages()
            try simulator.state.update { $0.fault = .status }
            #expect(try await client.messages().status.code == 529)
            #expect(simulator.state.counters.requests == 2)
            #expect(simulator.state.counters.errors == ["529": 1])
            #expect(try await client.state().counters.requests == 2)
        }
    }
}
