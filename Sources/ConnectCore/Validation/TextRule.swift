/// What a text field from outside may hold: its length in characters (graphemes) and in UTF-8
/// bytes — one grapheme can be hundreds of kilobytes of combining marks — and no control
/// characters: a NUL would cut the stored string short in libpq, and the others have no place
/// in names, keywords or messages (tab and line breaks are allowed in multi-line fields).
public struct TextRule: Sendable {
    /// Allowed length in characters after trimming; a lower bound of 0 allows empty text.
    public var characters: ClosedRange<Int>
    /// Longest UTF-8 encoding accepted.
    public var maxBytes: Int
    /// Whether tab, CR and LF are allowed.
    public var multiline: Bool

    /// - Parameter maxBytes: by default four bytes per character: all of Korean and most scripts fit.
    public init(characters: ClosedRange<Int>, maxBytes: Int? = nil, multiline: Bool = false) {
        self.characters = characters
        self.maxBytes = maxBytes ?? characters.upperBound * 4
        self.multiline = multiline
    }

    /// A chat question (the API, the pages and their script).
    public static let chatMessage = TextRule(characters: 1...2000, multiline: true)

    /// `value` trimmed of surrounding white space, or why it is refused, naming `field`.
    public func validated(_ value: String, field: String) throws(InvalidInput) -> String {
        // Checked on what was sent, before anything walks its graphemes.
        guard value.utf8.count <= maxBytes else { throw InvalidInput(field: field, reason: "must be at most \(maxBytes) bytes") }
        if let control = value.unicodeScalars.first(where: { isRefused($0) }) {
            let code = String(control.value, radix: 16, uppercase: true)
            throw InvalidInput(field: field, reason: "must not contain control characters (U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code))")
        }
        let trimmed = value.trimmingWhitespace()
        guard characters.contains(trimmed.count) else {
            if characters.lowerBound > 0, trimmed.isEmpty { throw InvalidInput(field: field, reason: "must not be empty") }
            throw InvalidInput(field: field, reason: "must be \(characters.lowerBound) to \(characters.upperBound) characters")
        }
        return trimmed
    }

    private func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.properties.generalCategory == .control else { return false }
        return !(multiline && (scalar == "\n" || scalar == "\r" || scalar == "\t"))
    }
}

/// A field from outside that breaks its rule: answered 422 naming the field.
public struct InvalidInput: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "Field '\(field)' \(reason)" }
}

extension String {
    /// Without leading and trailing white space and line breaks.
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
