import HTTPTypes

extension HTTPField.Name {
    /// The Messages API's key header.
    static let apiKey = HTTPField.Name("x-api-key")!
    /// The id the Messages API gives every answer.
    static let requestID = HTTPField.Name("request-id")!
}
