import ConnectAPI
import ConnectCore
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders a page: its template (compiled into the binary, see ``PageTemplates``) inside the
/// layout, every `{{value}}` HTML-escaped, answered with the headers every page sends (a CSP
/// whose nonce admits only our inline style and script, no caching, no framing).
struct PageRenderer: Sendable {
    /// What a template sees: the page's own view under `page`, beside the layout's values.
    struct Frame {
        var t: PageText
        var lang: String
        var otherLang: String
        var title: String
        var csrfToken: String
        var signedIn: Bool
        var email: String?
        var languageSwitchURL: String
        var nonce: String
        var stylesheet: String
        var script: String?
        var page: Any
        var content = ""
    }

    private let library: MustacheLibrary

    init() {
        var library = MustacheLibrary()
        for (name, text) in PageTemplates.all {
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("page template '\(name)' does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// The page `template` showing `view`, titled `title`, as a complete HTML response.
    func render(
        _ template: String, title: String, view: Any, request: Request, session: PageSession,
        status: HTTPResponse.Status = .ok, script: String? = nil, headers extra: HTTPFields = [:]
    ) -> Response {
        let language = session.language
        let nonce = Self.nonce()
        var frame = Frame(
            t: PageText.of(language), lang: language.rawValue, otherLang: language == .korean ? "en" : "ko", title: title,
            csrfToken: session.csrfToken, signedIn: session.identity != nil, email: session.identity?.email,
            languageSwitchURL: Self.languageSwitchURL(request, to: language == .korean ? .english : .korean),
            nonce: nonce, stylesheet: PageTemplates.stylesheet, script: script, page: view)
        frame.content = library.render(frame, withTemplate: template) ?? ""
        let html = library.render(frame, withTemplate: "layout") ?? ""
        var headers = extra
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; script-src 'nonce-\(nonce)'; style-src 'nonce-\(nonce)'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "same-origin"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The current address with `lang` set to `language` (other query parameters kept).
    static func languageSwitchURL(_ request: Request, to language: AnswerLanguage) -> String {
        var pairs: [String] = []
        for (name, value) in request.uri.queryParameters where name != "lang" {
            pairs.append("\(encode(String(name)))=\(encode(String(value)))")
        }
        pairs.append("lang=\(language.rawValue)")
        return request.uri.path + "?" + pairs.joined(separator: "&")
    }

    /// A query component, percent-encoded.
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    private static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
    }
}

extension HTTPField.Name {
    /// `Referrer-Policy`.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
