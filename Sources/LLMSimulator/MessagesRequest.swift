import Foundation
import NIOCore

/// The parts of a Messages API request body the simulator reads: model, token budget, system
/// prompt, conversation and `stream`. Other fields (temperature, metadata, tools…) are accepted
/// and ignored, as long as the body is a JSON object.
struct MessagesRequest: Sendable, Decodable {
    struct Message: Sendable, Decodable {
        var role: String
        var content: TextContent
    }

    var model: String
    var maxTokens: Int
    var system: TextContent?
    var messages: [Message]
    var stream: Bool?

    enum CodingKeys: String, CodingKey {
        case model
        case maxTokens = "max_tokens"
        case system, messages, stream
    }

    /// The system prompt as plain text.
    var systemText: String { system?.text ?? "" }

    /// Every text of the conversation, in order.
    var messageTexts: [String] { messages.map(\.content.text) }

    /// The last message the user sent.
    var lastUserText: String {
        messages.last(where: { $0.role == "user" })?.content.text ?? ""
    }

    /// Decodes and checks a body, with the real API's `invalid_request_error` messages.
    init(body: ByteBuffer) throws(SimulatedAPIError) {
        let decoded: MessagesRequest
        do {
            decoded = try JSONDecoder().decode(MessagesRequest.self, from: Data(body.readableBytesView))
        } catch let error as DecodingError {
            throw .invalidRequest(Self.message(for: error))
        } catch {
            throw .invalidRequest("The request body is not valid JSON.")
        }
        guard !decoded.model.isEmpty else { throw .invalidRequest("model: String should have at least 1 character") }
        guard decoded.maxTokens >= 1 else { throw .invalidRequest("max_tokens: Input should be greater than or equal to 1") }
        guard !decoded.messages.isEmpty else { throw .invalidRequest("messages: at least one message is required") }
        for (index, message) in decoded.messages.enumerated() where message.role != "user" && message.role != "assistant" {
            throw .invalidRequest("messages.\(index).role: Input should be 'user' or 'assistant'")
        }
        self = decoded
    }

    /// `max_tokens: Field required`, `messages.0.content: Input should be a valid list`: the
    /// field's path, then what is wrong with it.
    private static func message(for error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): Field required"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let expected = type == String.self ? "a valid string"
                : type == Int.self ? "a valid integer"
                : type == Bool.self ? "a valid boolean"
                : "of the expected type"
            return context.codingPath.isEmpty ? "The request body must be a JSON object." : "\(path(context.codingPath)): Input should be \(expected)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "The request body is not valid JSON."
                : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "The request body is invalid."
        }
    }
}

/// A `content` or `system` value: a string, or a list of content blocks whose `text` parts are
/// read (images, tool uses and other blocks are skipped).
struct TextContent: Sendable, Decodable {
    var text: String

    private struct Block: Decodable {
        var type: String
        var text: String?
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            text = string
            return
        }
        do {
            let blocks = try container.decode([Block].self)
            text = blocks.compactMap { $0.type == "text" ? $0.text : nil }.joined(separator: "\n")
        } catch {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "Input should be a string or a list of content blocks"))
        }
    }
}
