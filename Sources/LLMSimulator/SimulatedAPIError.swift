import Hummingbird
import NIOCore

/// An error answer in the real API's shape, `{"type":"error","error":{"type":…,"message":…}}`,
/// with the error type the API uses for the status (529 `overloaded_error`, 429
/// `rate_limit_error` plus `retry-after`, …).
struct SimulatedAPIError: Error, HTTPResponseError, Sendable {
    var statusCode: Int
    var type: String
    var message: String
    var retryAfterSeconds: Int?

    init(status: Int, message: String? = nil, retryAfterSeconds: Int? = nil) {
        self.statusCode = status
        self.type = Self.type(for: status)
        self.message = message ?? Self.defaultMessage(for: status)
        self.retryAfterSeconds = retryAfterSeconds
    }

    static func invalidRequest(_ message: String) -> SimulatedAPIError {
        SimulatedAPIError(status: 400, message: message)
    }

    var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    /// The error type the Messages API names for a status.
    static func type(for status: Int) -> String {
        switch status {
        case 400: "invalid_request_error"
        case 401: "authentication_error"
        case 402: "billing_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 413: "request_too_large"
        case 429: "rate_limit_error"
        case 504: "timeout_error"
        case 529: "overloaded_error"
        case 400..<500: "invalid_request_error"
        default: "api_error"
        }
    }

    static func defaultMessage(for status: Int) -> String {
        switch status {
        case 401: "invalid x-api-key"
        case 403: "Your API key does not have permission to use the specified resource."
        case 404: "Not found"
        case 413: "Request exceeds the maximum allowed number of bytes."
        case 429: "Number of requests has exceeded your rate limit (simulated)."
        case 500: "Internal server error"
        case 504: "Request timed out"
        case 529: "Overloaded"
        default: "Simulated error"
        }
    }

    /// The JSON body.
    var body: String {
        MessagesWireFormat.error(type: type, message: message).text
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
