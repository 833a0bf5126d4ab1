/// A complete answer of `POST /v1/messages` (the JSON response, or the message a stream built).
public struct AnthropicMessage: Decodable, Sendable, Equatable {
    /// One content block; only `text` blocks carry text.
    public struct Block: Decodable, Sendable, Equatable {
        public var type: String
        public var text: String?
    }

    /// Tokens billed for the call.
    public struct Usage: Decodable, Sendable, Equatable {
        public var inputTokens: Int
        public var outputTokens: Int

        public init(inputTokens: Int, outputTokens: Int) {
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
        }

        enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
        }
    }

    public var id: String
    public var model: String
    public var content: [Block]
    public var stopReason: String?
    public var usage: Usage

    /// The text of every text block, in order.
    public var text: String {
        content.compactMap { $0.type == "text" ? $0.text : nil }.joined()
    }

    enum CodingKeys: String, CodingKey {
        case id, model, content, usage
        case stopReason = "stop_reason"
    }
}
