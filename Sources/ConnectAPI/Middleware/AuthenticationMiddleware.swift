import Foundation
import Hummingbird
import Logging

/// Requires `Authorization: Bearer <JWT>` with a valid HS256 access token and puts the caller's
/// ``Identity`` in the context; anything else is a 401 JSON error.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = ConnectRequestContext
    let tokens: AccessTokens

    public init(tokens: AccessTokens) {
        self.tokens = tokens
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized("Missing Authorization header (Bearer token)")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw APIError.unauthorized("Authorization header must be 'Bearer <token>'")
        }
        guard let identity = await tokens.verify(String(parts[1])) else {
            throw APIError.unauthorized("Invalid or expired token", code: "invalid_token")
        }
        var context = context
        context.identity = identity
        context.logger[metadataKey: "user_id"] = .string(identity.userID.uuidString)
        return try await next(request, context)
    }
}
