/// Why a call to the Messages API failed.
public struct AnthropicError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: Sendable, Equatable {
        /// The API answered with this HTTP status (its error body's `type` and `message` kept).
        case status(Int)
        /// No answer (or no next chunk of a stream) within the timeout.
        case timeout
        /// The connection could not be made or broke.
        case network
        /// The answer could not be read as the API's JSON or event stream.
        case malformed
        /// An `event: error` arrived in the middle of a stream.
        case streamError
    }

    public var kind: Kind
    /// The error body's `error.type`, e.g. `overloaded_error`, when there was one.
    public var type: String?
    public var message: String
    /// The `retry-after` the API sent, in seconds.
    public var retryAfterSeconds: Double?

    public init(kind: Kind, type: String? = nil, message: String, retryAfterSeconds: Double? = nil) {
        self.kind = kind
        self.type = type
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Worth another attempt: 429, 529 and other 5xx answers.
    public var isRetryable: Bool {
        if case .status(let status) = kind { return status == 429 || status >= 500 }
        return false
    }

    /// Counted by the circuit breaker: the upstream is unwell (timeouts, network errors, 5xx, 529,
    /// 429, broken streams), as opposed to a request of ours it refused (400, 401, 403, 404).
    public var isUpstreamFailure: Bool {
        switch kind {
        case .status(let status): status == 429 || status >= 500
        case .timeout, .network, .malformed, .streamError: true
        }
    }

    public var description: String {
        switch kind {
        case .status(let status): "AnthropicError(status: \(status), type: \(type ?? "-"), message: \(message))"
        case .timeout: "AnthropicError(timeout: \(message))"
        case .network: "AnthropicError(network: \(message))"
        case .malformed: "AnthropicError(malformed: \(message))"
        case .streamError: "AnthropicError(stream error: \(type ?? "-"), \(message))"
        }
    }
}

/// The API's error body: `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`.
struct AnthropicErrorBody: Decodable {
    struct Detail: Decodable {
        var type: String
        var message: String
    }
    var error: Detail
}
