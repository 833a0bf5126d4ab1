/// The body of `POST /v1/messages`.
public struct AnthropicMessagesRequest: Encodable, Sendable, Equatable {
    /// One turn of the conversation.
    public struct Message: Codable, Sendable, Equatable {
        /// `user` or `assistant`.
        public var role: String
        public var content: String

        public init(role: String, content: String) {
            self.role = role
            self.content = content
        }
    }

    public var model: String
    public var maxTokens: Int
    public var system: String?
    public var messages: [Message]
    public var stream: Bool?
    public var temperature: Double?

    public init(model: String, maxTokens: Int, system: String?, messages: [Message], stream: Bool? = nil, temperature: Double? = nil) {
        self.model = model
        self.maxTokens = maxTokens
        self.system = system
        self.messages = messages
        self.stream = stream
        self.temperature = temperature
    }

    enum CodingKeys: String, CodingKey {
        case model, system, messages, stream, temperature
        case maxTokens = "max_tokens"
    }
}
