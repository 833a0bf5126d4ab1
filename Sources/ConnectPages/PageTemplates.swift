/// The pages' Mustache templates, stylesheet and script: the files in `Templates/`, embedded into
/// the binary by SwiftPM (`.embedInCode`), so no resource bundle has to ship beside `connect`.
///
/// | file | what it is |
/// | --- | --- |
/// | `layout.mustache` | the page around every page: language, navigation, sign-out form, inline style and script |
/// | `programs.mustache` | `/`: the search form, one card per program, pages |
/// | `program.mustache` | `/programs/{id}`: everything known about one program |
/// | `sign-in.mustache` | `/sign-in`: e-mail and password, with the CSRF token and where to go next |
/// | `dashboard.mustache` | `/dashboard`: the organization, its matches by status, and the chat panel |
/// | `match.mustache` | `/dashboard/matches/{id}`: one match and its AI explanation |
/// | `explanation.mustache` | the explanation's text and where it came from |
/// | `match-card.mustache` | one match: score, eligibility, breakdown and reasons, its save form |
/// | `pagination.mustache` | previous and next links of a listing, with where the reader is |
/// | `error.mustache` | a 4xx or 5xx page, in words a person can act on |
/// | `style.css` | the one stylesheet, inlined: phone first, two columns on a desktop |
/// | `chat.js` | the dashboard's only script: streams `POST /api/chat/stream` into the live region (the form posts to `/dashboard/chat` without it) |
enum PageTemplates {
    /// Every template by the name pages render it with.
    static let all: [(name: String, text: String)] = [
        ("layout", text(PackageResources.layout_mustache)),
        ("programs", text(PackageResources.programs_mustache)),
        ("program", text(PackageResources.program_mustache)),
        ("sign-in", text(PackageResources.sign_in_mustache)),
        ("dashboard", text(PackageResources.dashboard_mustache)),
        ("match", text(PackageResources.match_mustache)),
        ("match-card", text(PackageResources.match_card_mustache)),
        ("error", text(PackageResources.error_mustache)),
        ("pagination", text(PackageResources.pagination_mustache)),
        ("explanation", text(PackageResources.explanation_mustache)),
    ]

    /// The stylesheet every page inlines (under the page's CSP nonce).
    static let stylesheet = text(PackageResources.style_css)

    /// The dashboard's chat script (under the page's CSP nonce).
    static let chatScript = text(PackageResources.chat_js)

    /// A file's UTF-8 text without the newline that ends its last line.
    private static func text(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
