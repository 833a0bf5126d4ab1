import Foundation

/// The remote model: explanations and chat answers from the Anthropic Messages API. Errors are
/// thrown as ``AnthropicError``; ``ResilientLanguageModel`` puts the breaker and the fallback
/// around it.
public struct AnthropicLanguageModel: LanguageModel {
    public let provider = "anthropic"
    public var modelName: String { client.configuration.model }
    /// The conversation's earlier turns are sent with each question.
    public let answersFromHistory = true
    private let client: AnthropicClient
    private let maxTokens: Int

    public init(client: AnthropicClient, maxTokens: Int = 1024) {
        self.client = client
        self.maxTokens = maxTokens
    }

    public func explain(_ request: ExplanationRequest) async throws -> ModelReply<Explanation> {
        let message = try await client.create(AnthropicMessagesRequest(
            model: modelName, maxTokens: maxTokens, system: AnthropicPrompts.explanationSystem(request.language),
            messages: [.init(role: "user", content: AnthropicPrompts.explanationFacts(request))], temperature: 0.2))
        return ModelReply(
            content: ExplanationParser.parse(message.text), source: .ai, provider: provider, model: message.model,
            inputTokens: message.usage.inputTokens, outputTokens: message.usage.outputTokens)
    }

    public func answer(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        let messages = request.history.map { AnthropicMessagesRequest.Message(role: $0.role, content: $0.content) }
            + [.init(role: "user", content: request.question)]
        let upstream = client.stream(AnthropicMessagesRequest(
            model: modelName, maxTokens: maxTokens, system: AnthropicPrompts.chatSystem(request), messages: messages))
        return .producing { continuation in
            var text = ""
            var model = modelName
            var inputTokens = 0
            var outputTokens = 0
            for try await event in upstream {
                switch event {
                case .messageStart(_, let name, let tokens):
                    model = name
                    inputTokens = tokens
                case .textDelta(let delta):
                    text += delta
                    continuation.yield(.delta(delta))
                case .messageDelta(_, let tokens):
                    outputTokens = tokens
                case .messageStop:
                    break
                }
            }
            continuation.yield(.finished(ModelReply(
                content: text, source: .ai, provider: provider, model: model, inputTokens: inputTokens, outputTokens: outputTokens)))
        }
    }
}
