/// One event of a Messages API stream, reduced to what a caller uses.
public enum AnthropicStreamEvent: Sendable, Equatable {
    /// `message_start`: the message id, model and input tokens.
    case messageStart(id: String, model: String, inputTokens: Int)
    /// `content_block_delta` with a `text_delta`.
    case textDelta(String)
    /// `message_delta`: the stop reason and the output tokens so far.
    case messageDelta(stopReason: String?, outputTokens: Int)
    /// `message_stop`: the stream is complete.
    case messageStop
}
