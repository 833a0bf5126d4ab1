import ConnectAPI
import ConnectCore
import Foundation
import Hummingbird
import Logging

/// Sits in front of every page: reads the browser's session cookie, language and CSRF seed into
/// a ``PageSession``, refuses any POST whose form lacks this browser's CSRF token (403, nothing
/// changed), renders errors as HTML pages, and sets the cookies the answer needs (a new CSRF seed,
/// the chosen language, clearing an expired session).
struct PageSessionMiddleware: RouterMiddleware {
    typealias Context = ConnectRequestContext

    /// The cookie remembering `?lang=`.
    static let languageCookie = "connect_lang"

    let authenticator: Authenticator
    let csrf: CSRFProtection
    let renderer: PageRenderer

    @concurrent func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        let secure = SessionCookie.isSecure(request)
        let requestedLanguageText = request.uri.queryParameters.get("lang")
        let requestedLanguage = requestedLanguageText.flatMap { AnswerLanguage(rawValue: $0.lowercased()) }
        let cookieLanguage = request.cookies[Self.languageCookie].flatMap { AnswerLanguage(rawValue: $0.value) }
        let language = requestedLanguage ?? cookieLanguage ?? .korean

        var token = SessionCookie.token(in: request)
        var identity: Identity?
        /// Set when the session could not be checked (the database is down): an error page, and
        /// the cookie is kept.
        var lookupFailure: (any Error)?
        let hadSession = token != nil
        if let presented = token {
            do {
                identity = try await authenticator.identity(for: presented)
                if identity == nil { token = nil }
            } catch {
                lookupFailure = error
            }
        }
        let existingSeed = request.cookies[CSRFProtection.cookieName]?.value
        let seedIsNew = !csrf.isWellFormedSeed(existingSeed)
        let seed = seedIsNew ? csrf.newSeed() : existingSeed ?? ""
        var session = PageSession(
            identity: identity, token: token, language: language, csrfToken: csrf.token(seed: seed, session: token),
            form: PageForm(), secure: secure)

        var response: Response
        do {
            if let lookupFailure { throw lookupFailure }
            if requestedLanguageText != nil, requestedLanguage == nil {
                throw APIError.unprocessable("Query parameter 'lang' must be one of ko, en")
            }
            if request.method == .post {
                let body = try await request.body.collect(upTo: PageForm.maximumBytes)
                session.form = PageForm(body: String(buffer: body))
                guard !seedIsNew, csrf.isValid(session.form[CSRFProtection.formField], seed: seed, session: token) else {
                    throw APIError(.forbidden, code: "csrf_failed", message: "The form's CSRF token is missing or wrong")
                }
            }
            var context = context
            context.identity = identity
            context.page = session
            if let identity {
                context.logger[metadataKey: "user_id"] = .string(identity.userID.uuidString)
                RequestLogContext.current?.userID = identity.userID.uuidString
            }
            response = try await next(request, context)
        } catch {
            response = renderer.errorPage(error, request: request, session: session, logger: context.logger)
        }

        if seedIsNew { response.setCookie(SessionCookie.csrfSeed(seed, secure: secure)) }
        if let requestedLanguage, requestedLanguage != cookieLanguage {
            response.setCookie(Cookie(
                name: Self.languageCookie, value: requestedLanguage.rawValue, maxAge: 365 * 86_400, path: "/",
                secure: secure, httpOnly: true, sameSite: .lax))
        }
        let setsSession = response.headers[values: .setCookie].contains { $0.hasPrefix(SessionCookie.name + "=") }
        if hadSession, identity == nil, lookupFailure == nil, !setsSession { response.setCookie(SessionCookie.signOut(secure: secure)) }
        return response
    }
}
