import HTTPTypes

/// Header names the platform sends beyond the standard set.
extension HTTPField.Name {
    /// `X-Request-Id`.
    public static let requestID = HTTPField.Name("X-Request-Id")!
    /// `X-Cache`: `HIT` or `MISS`.
    public static let xCache = HTTPField.Name("X-Cache")!
    /// `X-Circuit-State`: `closed`, `open` or `half_open`.
    public static let circuitState = HTTPField.Name("X-Circuit-State")!
    /// `X-RateLimit-Limit`.
    public static let rateLimitLimit = HTTPField.Name("X-RateLimit-Limit")!
    /// `X-RateLimit-Remaining`.
    public static let rateLimitRemaining = HTTPField.Name("X-RateLimit-Remaining")!
}
