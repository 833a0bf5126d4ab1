import Foundation
import Hummingbird

/// An error answered to the client as `{"error": {"code": "snake_case", "message": "…"}}`.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    /// Stable machine-readable code, e.g. `not_found`, `validation_failed`.
    public var code: String {
        didSet { encodedBody = nil }
    }
    /// Human-readable explanation, safe to show.
    public var message: String {
        didSet { encodedBody = nil }
    }
    /// Extra headers such as `Retry-After`.
    public var headers: HTTPFields
    /// The body's bytes, kept by errors answered often (``routeNotFound``).
    private var encodedBody: ByteBuffer?

    public init(_ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        let body = encodedBody ?? APIErrorBody.encode(code: code, message: message)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// The same error with its body encoded once, for an error answered again and again.
    func keepingEncodedBody() -> APIError {
        var error = self
        error.encodedBody = APIErrorBody.encode(code: code, message: message)
        return error
    }

    /// The answer to a path no route serves: every unknown path is one, so its body is encoded once.
    public static let routeNotFound = APIError(.notFound, code: "not_found", message: "No route or resource at this path")
        .keepingEncodedBody()

    public static func notFound(_ message: String = "No such resource") -> APIError {
        APIError(.notFound, code: "not_found", message: message)
    }

    public static func badRequest(_ message: String, code: String = "bad_request") -> APIError {
        APIError(.badRequest, code: code, message: message)
    }

    public static func unprocessable(_ message: String, code: String = "validation_failed") -> APIError {
        APIError(.unprocessableContent, code: code, message: message)
    }

    public static func unauthorized(_ message: String, code: String = "unauthorized") -> APIError {
        APIError(.unauthorized, code: code, message: message, headers: [.wwwAuthenticate: "Bearer"])
    }

    public static func forbidden(_ message: String) -> APIError {
        APIError(.forbidden, code: "forbidden", message: message)
    }

    public static func conflict(_ message: String, code: String = "conflict") -> APIError {
        APIError(.conflict, code: code, message: message)
    }

    /// 429 with `Retry-After` and the `X-RateLimit-*` headers.
    public static func rateLimited(_ message: String, limit: Int, retryAfterSeconds: Int) -> APIError {
        APIError(.tooManyRequests, code: "rate_limited", message: message, headers: [
            .retryAfter: String(retryAfterSeconds), .rateLimitLimit: String(limit), .rateLimitRemaining: "0",
        ])
    }

    public static func unavailable(_ dependency: String) -> APIError {
        APIError(.serviceUnavailable, code: "dependency_unavailable", message: "\(dependency) is unavailable; try again shortly",
                 headers: [.retryAfter: "1"])
    }

    public static let internalError = APIError(.internalServerError, code: "internal_error", message: "Something went wrong on our side")
}

extension HTTPResponse.Status {
    /// nginx's 499: the client closed the connection before the answer; recorded, never sent.
    static let clientClosedRequest = HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")
}
