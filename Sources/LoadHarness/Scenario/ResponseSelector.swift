import NIOHTTP1
/// What a check, capture or custom metric reads from a response.
enum ResponseSelector: Sendable, Equatable, CustomStringConvertible {
    /// The status code (0 without a response).
    case status
    /// A header's value (case-insensitive name).
    case header(String)
    /// A JSON field of the body.
    case json(JSONPath)
    /// The whole body as text.
    case body
    /// The request's duration in milliseconds.
    case duration
    /// A cookie this response set, unless it is `HttpOnly` (kept from scripts, as in a browser).
    case cookie(String)

    /// The keys a selector is written with in a scenario file.
    static let keys = ["status", "header", "json", "body", "duration", "cookie"]

    /// The selected value: nil when absent, a list for `[*]` paths.
    func select(_ response: ResponseView) -> VariableValue? {
        switch self {
        case .status:
            return .text(String(response.result.status))
        case .header(let name):
            return response.headers.first(name: name).map(VariableValue.text)
        case .json(let path):
            guard let document = response.json, let value = path.resolve(document) else { return nil }
            if path.components.contains(.every), case .array(let items) = value {
                return .list(items.map(\.text))
            }
            return .text(value.text)
        case .body:
            return .text(response.bodyText)
        case .duration:
            let duration = response.result.duration
            let ms = duration.inSeconds * 1000
            return .text(String(ms))
        case .cookie(let name):
            return CookieJar.readableValue(of: name, in: response.headers["Set-Cookie"]).map(VariableValue.text)
        }
    }

    var description: String {
        switch self {
        case .status: "status"
        case .header(let name): "header \(name)"
        case .json(let path): "json \(path)"
        case .body: "body"
        case .duration: "duration"
        case .cookie(let name): "cookie \(name)"
        }
    }
}
