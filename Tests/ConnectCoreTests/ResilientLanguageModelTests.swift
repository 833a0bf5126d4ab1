import AsyncHTTPClient
import Foundation
import LLMSimulator
import Logging
import Testing
import TestSupport

@testable import ConnectCore

/// The breaker's documented rule, end to end against llm-sim: upstream failures count, a request
/// the upstream refuses as ours (400, 401) falls back without counting either way — it neither
/// resets the failure streak nor closes a half-open breaker.
@Suite struct ResilientLanguageModelTests {
    func withModel(_ body: (ResilientLanguageModel, CircuitBreaker, LLMSimulator, ManualClock) async throws -> Void) async throws {
        let simulator = LLMSimulator(configuration: .init(host: "127.0.0.1", port: 0, apiKey: "sk-test", settings: .init()))
        try await simulator.withRunningServer { address in
            let http = AnthropicClient.makeHTTPClient(timeout: .seconds(30))
            let client = AnthropicClient(
                configuration: .init(baseURL: address.baseURL, apiKey: "sk-test", model: "claude-sim", timeout: .seconds(30), maxRetries: 0),
                http: http, logger: Logger(label: "test"), sleep: { _ in })
            let clock = ManualClock()
            let breaker = CircuitBreaker(failureThreshold: 5, openDuration: .seconds(30), now: { clock.now })
            let model = ResilientLanguageModel(remote: AnthropicLanguageModel(client: client), breaker: breaker, budget: nil, logger: Logger(label: "test"))
            do {
                try await body(model, breaker, simulator, clock)
                try await http.shutdown()
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
    }

    static var request: ExplanationRequest {
        let now = MatchScorerTests.now
        let organization = MatchScorerTests.organization
        let program = MatchScorerTests.program(deadlineInDays: 10, certifications: [])
        let evaluation = MatchScorer().evaluate(organization, program, now: now)
        let record = MatchRecord(
            id: UUID(), organizationID: organization.id, program: program, score: evaluation.score,
            breakdown: evaluation.breakdown, eligibility: evaluation.eligibility, viewed: false, viewedAt: nil, saved: false,
            savedAt: nil, createdAt: now)
        return ExplanationRequest(organization: organization, match: record, language: .korean, now: now)
    }

    func fail(_ model: ResilientLanguageModel, _ simulator: LLMSimulator, status: Int, times: Int) async throws {
        _ = try simulator.state.update { $0.fault = .status; $0.status = status; $0.errorRate = 1 }
        for _ in 0..<times {
            #expect(try await model.explain(Self.request).source == .fallback)
        }
    }

    @Test(arguments: [400, 401])
    func aRefusedRequestNeitherResetsTheStreakNorCountsInIt(_ refusal: Int) async throws {
        try await withModel { model, breaker, simulator, _ in
            try await fail(model, simulator, status: 529, times: 4)
            #expect(breaker.consecutiveFailures == 4)
            try await fail(model, simulator, status: refusal, times: 3)
            #expect(breaker.consecutiveFailures == 4, "a \(refusal) reset the streak or counted in it")
            #expect(breaker.state == .closed)
            try await fail(model, simulator, status: 529, times: 1)
            #expect(breaker.state == .open, "the fifth upstream failure in a row opens it")
        }
    }

    @Test(arguments: [400, 401])
    func aRefusedHalfOpenProbeNeitherClosesNorReopensTheBreaker(_ refusal: Int) async throws {
        try await withModel { model, breaker, simulator, clock in
            try await fail(model, simulator, status: 500, times: 5)
            #expect(breaker.state == .open)
            clock.advance(by: .seconds(30))
            #expect(breaker.state == .halfOpen)
            try await fail(model, simulator, status: refusal, times: 1)
            #expect(breaker.state == .halfOpen, "a \(refusal) on the probe decided nothing")
            // The probe's slot is free again: the next call probes, and its success closes the breaker.
            _ = try simulator.state.update { $0.fault = .none }
            let reply = try await model.explain(Self.request)
            #expect(reply.source == .ai)
            #expect(breaker.state == .closed)
            #expect(simulator.state.counters.requests == 7)
        }
    }
}
