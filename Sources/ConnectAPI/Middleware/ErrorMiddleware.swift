import ConnectCore
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// Turns every error thrown below it into the API's JSON error shape: client mistakes become
/// 4xx, dependency failures 503, anything unexpected a logged 500 that reveals nothing. A path
/// that is served, asked for with another method, is 405 with `Allow`.
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The methods of each route, for 405; without it an unknown method is 404.
    let routes: RouteMethods?

    public init(routes: RouteMethods? = nil) {
        self.routes = routes
    }

    @concurrent public func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var apiError = Self.map(error)
            if apiError.status == .notFound, error is HTTPError, let allowed = routes?.methods(for: request.uri.path), !allowed.isEmpty {
                apiError = APIError(
                    .methodNotAllowed, code: "method_not_allowed",
                    message: "\(request.method) is not served at this path; it takes \(allowed.map(\.rawValue).joined(separator: ", "))",
                    headers: [.allow: allowed.map(\.rawValue).joined(separator: ", ")])
            }
            if apiError.status == .clientClosedRequest {
                context.logger.info("client closed the request", metadata: ["path": "\(request.uri.path)"])
            } else if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: [
                    "error": "\(String(reflecting: error))", "path": "\(request.uri.path)", "status": "\(apiError.status.code)",
                ])
            }
            return try apiError.response(from: request, context: context)
        }
    }

    /// The API error an arbitrary error is answered with.
    package static func map(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as InvalidInput:
            return .unprocessable(error.description)
        case let error as ChatService.Failure:
            return fromChatFailure(error)
        case let error as HTTPError:
            return fromHTTPError(error)
        case let error as DecodingError:
            return fromDecodingError(error)
        case is NIOTooManyBytesError, RequestRefusal.bodyTooLarge:
            return APIError(.contentTooLarge, code: "payload_too_large", message: "Request body exceeds 1 MiB")
        case RequestRefusal.bodyTimedOut:
            return APIError(.requestTimeout, code: "request_timeout", message: "The request body did not arrive in time")
        case is HTTPParserError:
            return .badRequest("The request is not valid HTTP/1.1", code: "malformed_request")
        case RequestRefusal.clientClosed, is IOError, ChannelError.ioOnClosedChannel, ChannelError.eof, ChannelError.inputClosed,
            ChannelError.outputClosed:
            // The client went away while its request was read: nobody is left to answer.
            return APIError(.clientClosedRequest, code: "client_closed_request", message: "The client closed the connection")
        default:
            return DependencyOutage.dependency(failing: error).map(APIError.unavailable) ?? .internalError
        }
    }

    /// The chat's refusals, for the API and the pages alike.
    private static func fromChatFailure(_ failure: ChatService.Failure) -> APIError {
        switch failure {
        case .rateLimited(let decision):
            .rateLimited("Chat limit reached; try again later", limit: decision.limit, retryAfterSeconds: decision.retryAfterSeconds)
        case .conversationNotFound(let id):
            .notFound("No conversation with id \(id)")
        case .incompleteAnswer:
            APIError(.serviceUnavailable, code: "ai_unavailable", message: "The assistant did not answer")
        }
    }

    private static func fromHTTPError(_ error: HTTPError) -> APIError {
        let message = error.body ?? error.status.reasonPhrase
        switch error.status {
        case .notFound: return error.body.map { APIError(.notFound, code: "not_found", message: $0) } ?? .routeNotFound
        case .methodNotAllowed: return APIError(.methodNotAllowed, code: "method_not_allowed", message: message)
        case .contentTooLarge: return APIError(.contentTooLarge, code: "payload_too_large", message: "Request body exceeds 1 MiB")
        case .unauthorized: return APIError(.unauthorized, code: "unauthorized", message: error.body ?? "Authentication required")
        case .forbidden: return APIError(.forbidden, code: "forbidden", message: message)
        case .badRequest: return APIError(.badRequest, code: "bad_request", message: message)
        default:
            let code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            return APIError(error.status, code: code, message: message, headers: error.headers)
        }
    }

    private static func fromDecodingError(_ error: DecodingError) -> APIError {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .badRequest("Request body is not valid JSON", code: "malformed_json")
        case .dataCorrupted(let context):
            return .unprocessable("Field '\(path(context))' has an invalid value")
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return .unprocessable("Field '\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)' is required")
        case .typeMismatch(let type, let context):
            return .unprocessable("Field '\(path(context))' must be of type \(type)")
        case .valueNotFound(_, let context):
            return .unprocessable("Field '\(path(context))' must not be null")
        @unknown default:
            return .badRequest("Request body could not be read", code: "malformed_json")
        }
    }
}
