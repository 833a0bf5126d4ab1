/// A scenario variable: one text, or a list captured from a JSON array (`matches[*].id`).
public enum VariableValue: Sendable, Equatable {
    /// One value.
    case text(String)
    /// Several values, picked from by `{{name[0]}}`, `{{name[random]}}`, `{{name[vu]}}`.
    case list([String])

    /// The value as text: a list's first item (empty when it has none).
    var text: String {
        switch self {
        case .text(let text): text
        case .list(let items): items.first ?? ""
        }
    }
}
