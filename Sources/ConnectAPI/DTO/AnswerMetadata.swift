import ConnectCore

/// How an AI answer was produced (the `AnswerMetadata` schema), for explanations and chat
/// answers alike: `cached` when no model call of the request's own wrote it, then `cost` 0.
struct AnswerMetadata: Encodable {
    /// The tokens the answer took when it was written (`TokenUsage`).
    struct Usage: Encodable {
        var inputTokens: Int
        var outputTokens: Int
    }
    var cached: Bool
    var source: String
    var model: String
    /// Korean won.
    var cost: Double
    /// Milliseconds.
    var responseTime: Int
    var usage: Usage
}
