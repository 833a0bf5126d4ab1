import ConnectCore
import Foundation
import Hummingbird
import Logging

/// Requires a valid HS256 access token of an account that exists and has not revoked it, and
/// puts the caller's ``Identity`` in the context; anything else is a 401 JSON error.
///
/// The token comes from `Authorization: Bearer <JWT>`, or, for the pages' own scripts (the chat
/// panel), from the browser's ``SessionCookie``. A cookie is sent by the browser on its own, so a
/// request authenticated by it must also carry the page's CSRF token in `X-CSRF-Token`, which no
/// other site can read or forge; without it the answer is a 403 `csrf_failed`.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = ConnectRequestContext
    let authenticator: Authenticator
    let csrf: CSRFProtection?

    /// - Parameters:
    ///   - authenticator: verifies access tokens against their accounts.
    ///   - csrf: when given, the session cookie is accepted too, together with its CSRF token.
    public init(authenticator: Authenticator, csrf: CSRFProtection? = nil) {
        self.authenticator = authenticator
        self.csrf = csrf
    }

    @concurrent public func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        let token: String
        // The CSRF check a cookie-borne token needs; nil for a bearer token.
        var cookieCSRF: CSRFProtection?
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
                throw APIError.unauthorized("Authorization header must be 'Bearer <token>'")
            }
            token = String(parts[1])
        } else if let csrf, let sessionToken = SessionCookie.token(in: request) {
            token = sessionToken
            cookieCSRF = csrf
        } else {
            throw APIError.unauthorized("Missing Authorization header (Bearer token)")
        }
        // The remembered answer first: on a warm cache the check makes no executor hop.
        let found: Identity?
        if let remembered = authenticator.rememberedIdentity(for: token) { found = remembered } else {
            found = try await authenticator.identity(for: token)
        }
        guard let identity = found else {
            throw cookieCSRF == nil
                ? APIError.unauthorized("Invalid or expired token", code: "invalid_token")
                : APIError.unauthorized("The session has expired; sign in again", code: "invalid_token")
        }
        if let csrf = cookieCSRF {
            let seed = request.cookies[CSRFProtection.cookieName]?.value
            guard csrf.isValid(request.headers[CSRFProtection.headerName], seed: seed, session: token) else {
                throw APIError(.forbidden, code: "csrf_failed", message: "A request authenticated by the session cookie needs the page's X-CSRF-Token header")
            }
        }
        var context = context
        context.identity = identity
        // Every line the request's task logs gets it from there (``RequestLogContext``).
        RequestLogContext.current?.userID = identity.userID.uuidString
        return try await next(request, context)
    }
}
