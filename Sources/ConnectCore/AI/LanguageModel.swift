/// A model that writes the platform's AI answers. Two implementations: the Anthropic Messages
/// API client (``AnthropicLanguageModel``) and ``OfflineLanguageModel``, which writes grounded
/// text locally.
public protocol LanguageModel: Sendable {
    /// `anthropic` or `offline`, as recorded in `ai_usage`.
    var provider: String { get }
    /// The model name recorded with each call.
    var modelName: String { get }
    /// Explains one match.
    func explain(_ request: ExplanationRequest) async throws -> ModelReply<Explanation>
    /// Answers a question about programs, streaming the text as it is written.
    func answer(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error>
}
