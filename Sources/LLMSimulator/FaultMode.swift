/// What the simulator does to the share of requests picked by the error rate.
public enum FaultMode: String, Sendable, Codable, CaseIterable {
    /// Every request is answered normally.
    case none
    /// Answered with the configured error status and the real API's error body
    /// (429 also carries `retry-after`).
    case status
    /// Never answered: the request is held until the fault is switched off or reset, the
    /// simulator stops or `maxHang` passes; then its connection is closed without a response.
    /// Clients see their own timeout first.
    case hang
    /// Answered 200 with a body that is not valid JSON (for streams: an SSE event cut short).
    case malformed
    /// Streams start normally and end halfway with an `event: error` frame (the type of the
    /// configured status, e.g. `overloaded_error`); non-streaming requests get the status itself.
    case streamError = "stream_error"
}
