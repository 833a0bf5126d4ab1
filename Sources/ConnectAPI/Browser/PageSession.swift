import ConnectCore
import Foundation

/// What a page request knows about its browser, worked out once by ``PageSessionMiddleware``:
/// who is signed in, in which language, the CSRF token its forms carry, and a posted form.
public struct PageSession: Sendable {
    /// The signed-in user, when the session cookie holds a valid token.
    public var identity: Identity?
    /// That token (forms' CSRF tokens are bound to it).
    public var token: String?
    /// The language pages are written in: `?lang=` if given, else the language cookie, else Korean.
    public var language: AnswerLanguage
    /// The token this browser's forms carry.
    public var csrfToken: String
    /// The fields of a posted `application/x-www-form-urlencoded` body (its CSRF token already checked).
    public var form: PageForm
    /// Whether the browser came over HTTPS (cookies are then `Secure`).
    public var secure: Bool

    package init(identity: Identity?, token: String?, language: AnswerLanguage, csrfToken: String, form: PageForm, secure: Bool) {
        self.identity = identity
        self.token = token
        self.language = language
        self.csrfToken = csrfToken
        self.form = form
        self.secure = secure
    }
}
