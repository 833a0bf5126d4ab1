/// How to reach the Messages API.
public struct AnthropicConfiguration: Sendable {
    /// `https://api.anthropic.com`, or llm-sim on loopback.
    public var baseURL: String
    public var apiKey: String
    public var model: String
    /// Longest wait for the answer's head, and for each next chunk of a body.
    public var timeout: Duration
    /// Further attempts after a 429, 529 or 5xx answer.
    public var maxRetries: Int
    /// Wait before a retry when the API sends no `retry-after` (doubled each time).
    public var retryBaseDelay: Duration
    /// Longest wait honoured from a `retry-after`.
    public var maxRetryDelay: Duration
    /// The `anthropic-version` header.
    public var version: String

    public init(
        baseURL: String, apiKey: String, model: String, timeout: Duration = .seconds(30), maxRetries: Int = 2,
        retryBaseDelay: Duration = .milliseconds(500), maxRetryDelay: Duration = .seconds(10), version: String = "2023-06-01"
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.retryBaseDelay = retryBaseDelay
        self.maxRetryDelay = maxRetryDelay
        self.version = version
    }
}
