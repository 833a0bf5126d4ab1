import Foundation
import HTTPTypes
import Hummingbird

/// The browser's session: the same JWT `/api/auth/login` issues, in a cookie scripts cannot
/// read (`HttpOnly`), that other sites' forms and subrequests do not carry (`SameSite=Lax`), for
/// the whole site (`Path=/`), and `Secure` when the request came over HTTPS.
public enum SessionCookie {
    /// The session cookie's name.
    public static let name = "connect_session"

    /// The token in the request's session cookie, if there is one.
    public static func token(in request: Request) -> String? {
        guard let value = request.cookies[name]?.value, !value.isEmpty, value.utf8.count <= 4096 else { return nil }
        return value
    }

    /// The cookie that signs a browser in with `token` for `lifetime`.
    public static func signIn(token: String, lifetime: Duration, secure: Bool) -> Cookie {
        Cookie(name: name, value: token, maxAge: Int(lifetime.components.seconds), path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The cookie that signs a browser out (empty, expired at once).
    public static func signOut(secure: Bool) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The cookie holding a new CSRF seed (see ``CSRFProtection``); it lives as long as a session can.
    package static func csrfSeed(_ seed: String, secure: Bool) -> Cookie {
        Cookie(name: CSRFProtection.cookieName, value: seed, maxAge: 7 * 86_400, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// Whether the browser reached us over HTTPS (directly, or through a proxy that says so).
    package static func isSecure(_ request: Request) -> Bool {
        request.uri.scheme?.rawValue == "https" || request.headers[.xForwardedProto]?.lowercased() == "https"
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-Proto`, set by a TLS-terminating proxy.
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}
