/// The Messages API's answer bodies, laid out field for field as the real API writes them: the
/// message object of JSON answers and `message_start`, the events of a stream, error bodies.
enum MessagesWireFormat {
    static func usage(input: Int?, output: Int) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let input { members.append(("input_tokens", .int(input))) }
        members.append(("output_tokens", .int(output)))
        return .object(members)
    }

    /// The message object; in `message_start` it has no content and a null stop reason.
    static func message(
        id: String, model: String, text: String?, stopReason: String?, inputTokens: Int, outputTokens: Int
    ) -> JSONValue {
        .object([
            ("id", .string(id)),
            ("type", "message"),
            ("role", "assistant"),
            ("model", .string(model)),
            ("content", .array(text.map { [textBlock($0)] } ?? [])),
            ("stop_reason", .nullable(stopReason)),
            ("stop_sequence", .null),
            ("usage", usage(input: inputTokens, output: outputTokens)),
        ])
    }

    static func textBlock(_ text: String) -> JSONValue {
        .object([("type", "text"), ("text", .string(text))])
    }

    /// `{"type":"error","error":{"type":…,"message":…}}`: error answers and `event: error`.
    static func error(type: String, message: String) -> JSONValue {
        .object([("type", "error"), ("error", .object([("type", .string(type)), ("message", .string(message))]))])
    }

    // MARK: - Stream events

    static func messageStart(id: String, model: String, inputTokens: Int) -> ServerSentEvent {
        let message = message(id: id, model: model, text: nil, stopReason: nil, inputTokens: inputTokens, outputTokens: 1)
        return event("message_start", [("message", message)])
    }

    static let contentBlockStart = event("content_block_start", [("index", 0), ("content_block", textBlock(""))])

    static let ping = event("ping", [])

    static func contentBlockDelta(_ text: String) -> ServerSentEvent {
        event("content_block_delta", [("index", 0), ("delta", .object([("type", "text_delta"), ("text", .string(text))]))])
    }

    static let contentBlockStop = event("content_block_stop", [("index", 0)])

    static func messageDelta(stopReason: String, outputTokens: Int) -> ServerSentEvent {
        event("message_delta", [
            ("delta", .object([("stop_reason", .string(stopReason)), ("stop_sequence", .null)])),
            ("usage", usage(input: nil, output: outputTokens)),
        ])
    }

    static let messageStop = event("message_stop", [])

    static func streamError(type: String, message: String) -> ServerSentEvent {
        ServerSentEvent(event: "error", data: error(type: type, message: message).text)
    }

    /// An event whose data starts with `"type"`, the event's name, as all of the API's do.
    private static func event(_ name: String, _ members: [(String, JSONValue)]) -> ServerSentEvent {
        ServerSentEvent(event: name, data: JSONValue.object([("type", .string(name))] + members).text)
    }
}
