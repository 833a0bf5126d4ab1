/// A model that writes the platform's AI answers. Two implementations: the Anthropic Messages
/// API client (``AnthropicLanguageModel``) and ``OfflineLanguageModel``, which writes grounded
/// text locally.
public protocol LanguageModel: Sendable {
    /// `anthropic` or `offline`, as recorded in `ai_usage`.
    var provider: String { get }
    /// The model name recorded with each call.
    var modelName: String { get }
    /// Whether an answer reads the conversation's earlier turns. When it does not, a follow-up
    /// is answered as its question alone would be, and its answer can be cached like a first one.
    var answersFromHistory: Bool { get }
    /// Explains one match.
    func explain(_ request: ExplanationRequest) async throws -> ModelReply<Explanation>
    /// Answers a question about programs, streaming the text as it is written.
    func answer(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error>
}
