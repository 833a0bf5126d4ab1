import Logging

/// The remote model behind a circuit breaker and a cost guard, with the offline model as its
/// fallback: while the breaker is open, the budget is spent or the upstream fails, answers come
/// from ``OfflineLanguageModel`` marked `fallback` (never cached by the callers) and no upstream
/// call is made. Upstream failures (timeouts, network errors, 5xx, 529, 429) count towards
/// opening the breaker; a request the upstream refuses as ours (400, 401) falls back without
/// counting. A cancelled call (the client went away) counts neither way.
public struct ResilientLanguageModel: LanguageModel {
    public var provider: String { remote.provider }
    public var modelName: String { remote.modelName }
    public var answersFromHistory: Bool { remote.answersFromHistory }
    public let breaker: CircuitBreaker
    private let remote: any LanguageModel
    private let budget: UpstreamBudget?
    private let fallback = OfflineLanguageModel(source: .fallback)
    private let logger: Logger

    public init(remote: any LanguageModel, breaker: CircuitBreaker, budget: UpstreamBudget?, logger: Logger) {
        self.remote = remote
        self.breaker = breaker
        self.budget = budget
        self.logger = logger
    }

    public func explain(_ request: ExplanationRequest) async throws -> ModelReply<Explanation> {
        guard let permit = await admit() else { return try await fallback.explain(request) }
        do {
            let reply = try await remote.explain(request)
            breaker.record(permit, success: true)
            return reply
        } catch {
            try settle(permit, after: error)
            return try await fallback.explain(request)
        }
    }

    public func answer(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        return .producing { continuation in
            guard let permit = await admit() else {
                for try await event in fallback.answer(request) { continuation.yield(event) }
                return
            }
            var relayed = false
            do {
                for try await event in remote.answer(request) {
                    if case .delta = event { relayed = true }
                    continuation.yield(event)
                }
                breaker.record(permit, success: true)
            } catch {
                try settle(permit, after: error)
                // Text already shown cannot be taken back: only a silent failure falls back.
                guard !relayed else { throw error }
                for try await event in fallback.answer(request) { continuation.yield(event) }
            }
        }
    }

    /// A breaker permit, or `nil` when the call must not go upstream (breaker or budget).
    private func admit() async -> CircuitBreaker.Permit? {
        if let budget, let refusal = await budget.check() {
            PlatformMetrics.aiCall(provider: provider, outcome: "budget_" + refusal.rawValue)
            return nil
        }
        guard let permit = breaker.acquire() else {
            PlatformMetrics.aiCall(provider: provider, outcome: "breaker_open")
            return nil
        }
        return permit
    }

    /// Reports a failed call to the breaker; rethrows when the caller was cancelled.
    private func settle(_ permit: CircuitBreaker.Permit, after error: any Error) throws {
        if Task.isCancelled {
            breaker.abandon(permit)
            throw CancellationError()
        }
        let upstreamFailure = (error as? AnthropicError)?.isUpstreamFailure ?? true
        if upstreamFailure {
            breaker.record(permit, success: false)
        } else {
            // Refused as ours (400, 401): says nothing about the upstream's health.
            breaker.abandon(permit)
        }
        PlatformMetrics.aiCall(provider: provider, outcome: upstreamFailure ? "upstream_failure" : "refused")
        logger.warning(
            "remote model failed; answering offline",
            metadata: ["error": "\(error)", "breaker": "\(breaker.state.rawValue)", "failures": "\(breaker.consecutiveFailures)"])
    }
}
