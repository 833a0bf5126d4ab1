import ConnectAPI
import ConnectCore
import Foundation
import Hummingbird

/// `GET` and `POST /sign-in` and `POST /sign-out`. Signing in goes through the API's
/// ``SignInService`` (same rate limit, same timing) and puts the API's JWT in the
/// ``SessionCookie``; signing out expires that cookie.
struct SignInPagesController: Sendable {
    typealias Context = ConnectRequestContext

    let signIn: SignInService
    let renderer: PageRenderer

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("sign-in", use: form)
        group.post("sign-in", use: submit)
        group.post("sign-out", use: signOut)
    }

    @Sendable func form(_ request: Request, context: Context) async throws -> Response {
        let session = try context.requirePage()
        let next = PageRedirect.dashboardTarget(try QueryReader(request).string("next", maxLength: 512))
        if session.identity != nil { return PageRedirect.to(next) }
        return page(request, session: session, view: SignInView(email: "", next: next, error: nil))
    }

    @Sendable func submit(_ request: Request, context: Context) async throws -> Response {
        let session = try context.requirePage()
        let text = PageText.of(session.language)
        let form = session.form
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let password = form["password"] ?? ""
        let next = PageRedirect.dashboardTarget(form["next"])
        var view = SignInView(email: String(email.prefix(254)), next: next, error: nil)
        guard !email.isEmpty, email.utf8.count <= 254, !password.isEmpty, password.utf8.count <= 128 else {
            view.error = text.invalidCredentials
            return page(request, session: session, view: view, status: .unprocessableContent)
        }
        do {
            try await signIn.admit(clientAddress: context.clientAddress)
            let signedIn = try await signIn.signIn(email: email, password: password)
            var response = PageRedirect.to(next)
            response.setCookie(SessionCookie.signIn(token: signedIn.token, lifetime: signIn.tokens.lifetime, secure: session.secure))
            return response
        } catch let error as APIError where error.status == .tooManyRequests {
            view.error = text.tooManyAttempts
            return page(request, session: session, view: view, status: .tooManyRequests, headers: [.retryAfter: error.headers[.retryAfter] ?? "60"])
        } catch let error as APIError where error.status == .unauthorized {
            view.error = text.invalidCredentials
            return page(request, session: session, view: view, status: .unauthorized)
        }
    }

    @Sendable func signOut(_ request: Request, context: Context) async throws -> Response {
        let session = try context.requirePage()
        var response = PageRedirect.to("/")
        response.setCookie(SessionCookie.signOut(secure: session.secure))
        return response
    }

    private func page(
        _ request: Request, session: PageSession, view: SignInView, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) -> Response {
        renderer.render("sign-in", title: PageText.of(session.language).signInTitle, view: view, request: request, session: session, status: status, headers: headers)
    }
}
