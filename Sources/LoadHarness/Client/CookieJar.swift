import Foundation

/// One VU's cookies (RFC 6265, as a browser keeps them): stored from `Set-Cookie` and sent in
/// `Cookie` to the hosts and paths they belong to until they expire, like k6's per-VU jar. A
/// cookie with `Domain` goes to that domain and its subdomains, one without it to the host that
/// set it only; `Path` limits it to that path and below (the default: the setting request's
/// directory); `Secure` ones go over HTTPS only; `HttpOnly` ones are sent but are not readable by
/// the scenario (``value(named:host:)`` does not return them).
public struct CookieJar: Sendable {
    struct Cookie: Sendable, Equatable {
        var name: String
        var value: String
        var domain: String
        var hostOnly: Bool
        var path: String
        var expires: Date?
        var secure: Bool
        var httpOnly: Bool
        var created: Int
    }

    private var cookies: [Cookie] = []
    private var counter = 0

    public init() {}

    /// Whether the jar holds no cookie.
    public var isEmpty: Bool { cookies.isEmpty }

    /// Stores the cookies of `Set-Cookie` field values received for a request to `host` and
    /// `path`; a cookie whose `Domain` does not cover `host` is ignored, as RFC 6265 says.
    public mutating func store(setCookie values: [String], host: String, path: String, now: Date = Date()) {
        let host = host.lowercased()
        for header in values {
            guard var cookie = Self.parse(header, host: host, requestPath: path, now: now) else { continue }
            cookies.removeAll { $0.name == cookie.name && $0.domain == cookie.domain && $0.path == cookie.path }
            if let expires = cookie.expires, expires <= now { continue }  // an expired one deletes
            counter += 1
            cookie.created = counter
            cookies.append(cookie)
        }
    }

    /// The `Cookie` field value for a request to `host` and `path` (nil when none applies):
    /// longer paths first, then older cookies first (RFC 6265 §5.4).
    public mutating func header(host: String, path: String, secure: Bool, now: Date = Date()) -> String? {
        cookies.removeAll { $0.expires.map { $0 <= now } ?? false }
        let host = host.lowercased()
        let path = Self.pathOnly(path)
        let matching = cookies.filter { cookie in
            (cookie.hostOnly ? host == cookie.domain : Self.domainMatches(host, cookie.domain))
                && Self.pathMatches(path, cookie.path) && (!cookie.secure || secure)
        }
        guard !matching.isEmpty else { return nil }
        return matching.sorted { ($0.path.count, -$0.created) > ($1.path.count, -$1.created) }
            .map { "\($0.name)=\($0.value)" }.joined(separator: "; ")
    }

    /// A cookie's value as a scenario may read it: not an `HttpOnly` one.
    public func value(named name: String, host: String) -> String? {
        let host = host.lowercased()
        return cookies.last {
            $0.name == name && !$0.httpOnly && ($0.hostOnly ? host == $0.domain : Self.domainMatches(host, $0.domain))
        }?.value
    }

    /// The value of cookie `name` among a response's `Set-Cookie` field values, unless it is
    /// `HttpOnly`: what a scenario's `cookie:` selector may read.
    public static func readableValue(of name: String, in setCookie: [String]) -> String? {
        for header in setCookie.reversed() {
            let parts = header.split(separator: ";", omittingEmptySubsequences: false)
            guard let pair = parts.first, let equals = pair.firstIndex(of: "="),
                pair[..<equals].trimmingCharacters(in: .whitespaces) == name
            else { continue }
            if parts.dropFirst().contains(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == "httponly" }) { return nil }
            return pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// RFC 6265 §5.2: `name=value` then attributes; unknown attributes are ignored.
    static func parse(_ header: String, host: String, requestPath: String, now: Date) -> Cookie? {
        var parts = header.split(separator: ";", omittingEmptySubsequences: false).makeIterator()
        guard let pair = parts.next(), let equals = pair.firstIndex(of: "=") else { return nil }
        let name = pair[..<equals].trimmingCharacters(in: .whitespaces)
        let value = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        var cookie = Cookie(
            name: name, value: value, domain: host, hostOnly: true, path: defaultPath(pathOnly(requestPath)), expires: nil,
            secure: false, httpOnly: false, created: 0)
        var maxAge: Int?
        for attribute in parts {
            let (key, argument): (String, String)
            if let equals = attribute.firstIndex(of: "=") {
                key = attribute[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                argument = attribute[attribute.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            } else {
                key = attribute.trimmingCharacters(in: .whitespaces).lowercased()
                argument = ""
            }
            switch key {
            case "expires":
                if let date = httpDate(argument) { cookie.expires = date }
            case "max-age":
                if let seconds = Int(argument) { maxAge = seconds }
            case "domain":
                var domain = argument.lowercased()
                if domain.hasPrefix(".") { domain.removeFirst() }
                guard !domain.isEmpty else { continue }
                guard domainMatches(host, domain) else { return nil }
                cookie.domain = domain
                cookie.hostOnly = false
            case "path":
                if argument.hasPrefix("/") { cookie.path = argument }
            case "secure": cookie.secure = true
            case "httponly": cookie.httpOnly = true
            default: continue
            }
        }
        // Max-Age wins over Expires; zero or less expires at once.
        if let maxAge { cookie.expires = now.addingTimeInterval(TimeInterval(max(maxAge, 0)) - (maxAge <= 0 ? 1 : 0)) }
        return cookie
    }

    /// RFC 6265 §5.1.3: the host is the domain or ends with `.domain`, and is not an IP address.
    static func domainMatches(_ host: String, _ domain: String) -> Bool {
        if host == domain { return true }
        guard host.hasSuffix("." + domain) else { return false }
        return !host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" }
    }

    /// RFC 6265 §5.1.4.
    static func pathMatches(_ requestPath: String, _ cookiePath: String) -> Bool {
        guard requestPath.hasPrefix(cookiePath) else { return false }
        return requestPath.count == cookiePath.count || cookiePath.hasSuffix("/")
            || requestPath[requestPath.index(requestPath.startIndex, offsetBy: cookiePath.count)] == "/"
    }

    /// RFC 6265 §5.1.4: the directory of the request's path.
    static func defaultPath(_ path: String) -> String {
        guard path.hasPrefix("/"), let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    static func pathOnly(_ target: String) -> String {
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "/"
        return path.isEmpty ? "/" : path
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT` and the obsolete forms servers still send.
    static func httpDate(_ text: String) -> Date? {
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE, dd-MMM-yyyy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
