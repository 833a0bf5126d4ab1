/// A path into a JSON document: `token`, `user.id`, `matches[0].id`, `matches.0.id`, or
/// `matches[*].id` (every element: a list), and `length` of an array or string.
package struct JSONPath: Sendable, Equatable, CustomStringConvertible {
    enum Component: Sendable, Equatable {
        case key(String)
        case index(Int)
        case every
    }

    let components: [Component]
    package let description: String

    package init(parsing text: String) throws(TemplateError) {
        var components: [Component] = []
        for piece in text.split(separator: ".", omittingEmptySubsequences: false) {
            var piece = Substring(piece)
            guard !piece.isEmpty else { throw TemplateError(reason: "empty step in JSON path '\(text)'") }
            var key = piece
            if let bracket = piece.firstIndex(of: "[") { key = piece[..<bracket]; piece = piece[bracket...] } else { piece = "" }
            if !key.isEmpty { components.append(Int(key).map(Component.index) ?? .key(String(key))) }
            while !piece.isEmpty {
                guard piece.first == "[", let close = piece.firstIndex(of: "]") else {
                    throw TemplateError(reason: "malformed index in JSON path '\(text)'")
                }
                let inner = piece[piece.index(after: piece.startIndex)..<close]
                if inner == "*" {
                    components.append(.every)
                } else if let n = Int(inner), n >= 0 {
                    components.append(.index(n))
                } else {
                    throw TemplateError(reason: "index '[\(inner)]' in JSON path '\(text)' is not a number or *")
                }
                piece = piece[piece.index(after: close)...]
            }
        }
        self.components = components
        self.description = text
    }

    /// The value at the path in `document`; `[*]` yields an array.
    package func resolve(_ document: JSONDocument) -> JSONDocument? {
        resolve(document, components[...])
    }

    private func resolve(_ value: JSONDocument, _ rest: ArraySlice<Component>) -> JSONDocument? {
        guard let component = rest.first else { return value }
        let tail = rest.dropFirst()
        switch (component, value) {
        case (.key(let key), .object(let members)):
            return members[key].flatMap { resolve($0, tail) }
        case (.key("length"), .array(let items)):
            return resolve(.number(String(items.count)), tail)
        case (.key("length"), .string(let text)):
            return resolve(.number(String(text.count)), tail)
        case (.index(let n), .array(let items)):
            return n < items.count ? resolve(items[n], tail) : nil
        case (.every, .array(let items)):
            return .array(items.compactMap { resolve($0, tail) })
        default:
            return nil
        }
    }
}
