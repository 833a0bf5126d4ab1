import Tracing

/// The outermost decorator of the AI layer when tracing is on: each model call is a client span
/// (`ai explain`, `ai answer`) with the provider and model, then what came back: `ai.source`
/// (`ai`, `local`, `fallback`), tokens, cost in won, and the breaker's state.
public struct TracedLanguageModel: LanguageModel {
    public var provider: String { model.provider }
    public var modelName: String { model.modelName }
    public var answersFromHistory: Bool { model.answersFromHistory }
    private let model: any LanguageModel
    private let prices: ModelPriceTable
    private let breakerState: @Sendable () -> CircuitBreaker.State

    /// - Parameters:
    ///   - model: the model called (the resilient remote one, or the offline one).
    ///   - prices: the price table the cost attribute is computed with.
    ///   - breakerState: the breaker's state, read after each call.
    public init(_ model: any LanguageModel, prices: ModelPriceTable, breakerState: @escaping @Sendable () -> CircuitBreaker.State) {
        self.model = model
        self.prices = prices
        self.breakerState = breakerState
    }

    public func explain(_ request: ExplanationRequest) async throws -> ModelReply<Explanation> {
        try await withSpan("ai explain", ofKind: .client) { span in
            describe(span)
            let reply = try await model.explain(request)
            record(reply, on: span)
            return reply
        }
    }

    public func answer(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        let model = model
        return .producing { continuation in
            try await withSpan("ai answer", ofKind: .client) { span in
                describe(span)
                for try await event in model.answer(request) {
                    if case .finished(let reply) = event { record(reply, on: span) }
                    continuation.yield(event)
                }
            }
        }
    }

    private func describe(_ span: any Span) {
        span.attributes["ai.provider"] = provider
        span.attributes["ai.model"] = modelName
    }

    private func record<Content>(_ reply: ModelReply<Content>, on span: any Span) {
        span.attributes["ai.source"] = reply.source.rawValue
        span.attributes["ai.fallback"] = reply.source == .fallback
        span.attributes["ai.input_tokens"] = reply.inputTokens
        span.attributes["ai.output_tokens"] = reply.outputTokens
        span.attributes["ai.cost_krw"] = prices.cost(of: reply)
        span.attributes["ai.breaker_state"] = breakerState().rawValue
    }
}
