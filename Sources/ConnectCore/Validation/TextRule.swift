/// What a text field from outside may hold: its length in Unicode scalars (as JSON Schema's
/// `maxLength` counts) and in UTF-8 bytes, something besides white space when it is required,
/// and no control characters: a NUL would cut the stored string short in libpq, and the others
/// have no place in names, keywords or messages (tab and line breaks are allowed in multi-line
/// fields). Lengths are checked on the text as sent; surrounding white space is trimmed after.
public struct TextRule: Sendable {
    /// Allowed length in Unicode scalars; a lower bound of 0 allows empty (or blank) text.
    public var length: ClosedRange<Int>
    /// Longest UTF-8 encoding accepted.
    public var maxBytes: Int
    /// Whether tab, CR and LF are allowed.
    public var multiline: Bool

    /// - Parameter maxBytes: by default four bytes per scalar, the most UTF-8 takes.
    public init(length: ClosedRange<Int>, maxBytes: Int? = nil, multiline: Bool = false) {
        self.length = length
        self.maxBytes = maxBytes ?? length.upperBound * 4
        self.multiline = multiline
    }

    /// A chat question (the API, the pages and their script).
    public static let chatMessage = TextRule(length: 1...2000, multiline: true)

    /// `value` trimmed of surrounding white space, or why it is refused, naming `field`.
    public func validated(_ value: String, field: String) throws -> String {
        // Checked before anything walks the text's characters: one of them can be megabytes.
        guard value.utf8.count <= maxBytes else { throw InvalidInput(field: field, reason: "must be at most \(maxBytes) bytes") }
        var scalars = 0
        for scalar in value.unicodeScalars {
            if isRefused(scalar) {
                let code = String(scalar.value, radix: 16, uppercase: true)
                throw InvalidInput(field: field, reason: "must not contain control characters (U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code))")
            }
            scalars += 1
        }
        guard scalars <= length.upperBound else {
            throw InvalidInput(field: field, reason: "must be at most \(length.upperBound) characters")
        }
        let trimmed = value.trimmingWhitespace()
        if length.lowerBound > 0, trimmed.isEmpty { throw InvalidInput(field: field, reason: "must not be empty") }
        guard scalars >= length.lowerBound else {
            throw InvalidInput(field: field, reason: "must be at least \(length.lowerBound) characters")
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
