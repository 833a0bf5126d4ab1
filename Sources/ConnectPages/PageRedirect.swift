import ConnectAPI
import Hummingbird

/// `303 See Other` answers of the pages, and the only places they may send a browser back to.
enum PageRedirect {
    /// A 303 to `location` (after a form post the browser follows it with a GET).
    static func to(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// The sign-in page, coming back to `target` after.
    static func signIn(returningTo target: String) -> Response {
        to("/sign-in?next=" + PageRenderer.encode(dashboardTarget(target)))
    }

    /// `target` when it is one of the dashboard's own addresses, else `/dashboard`: a form field
    /// or query parameter can never send the browser to another site (no open redirect).
    static func dashboardTarget(_ target: String?) -> String {
        let fallback = "/dashboard"
        guard let target, target.utf8.count <= 512, target.hasPrefix(fallback) else { return fallback }
        let rest = target.dropFirst(fallback.count)
        guard rest.isEmpty || rest.hasPrefix("/") || rest.hasPrefix("?") else { return fallback }
        guard !target.contains("//"), !target.contains(".."), !target.contains("\\"),
            target.unicodeScalars.allSatisfy({ allowed.contains($0) })
        else { return fallback }
        return target
    }

    private static let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/?=&%".unicodeScalars)
}
