import Foundation

/// Text with `{{variables}}`, parsed once when the file is loaded. A list variable is indexed:
/// `{{ids[0]}}`, `{{ids[random]}}`, `{{ids[vu]}}` or `{{ids[iteration]}}` (modulo its length).
struct Template: Sendable, Equatable {
    enum Index: Sendable, Equatable {
        case position(Int)
        case random
        case vu
        case iteration
    }

    enum Part: Sendable, Equatable {
        case literal(String)
        case variable(name: String, index: Index?)
    }

    let parts: [Part]

    /// Text without variables.
    init(literal: String) {
        parts = literal.isEmpty ? [] : [.literal(literal)]
    }

    /// Parses `text`; an unclosed `{{` or a malformed name is an error (the reason only; the
    /// loader adds file and line).
    init(parsing text: String) throws(TemplateError) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.literal(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw TemplateError(reason: "'{{' without a closing '}}' in '\(text)'")
            }
            let expression = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            parts.append(try Self.variable(expression, in: text))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    /// The variable names used, for checks at load time.
    var variableNames: [String] {
        parts.compactMap { if case .variable(let name, _) = $0 { name } else { nil } }
    }

    /// The text with every variable replaced; an unknown variable is an error naming it.
    /// - Parameter escape: applied to each substituted value (not to the literal text), e.g.
    ///   percent-encoding for a path.
    func render(_ variables: Variables, escapingValuesWith escape: (String) -> String = { $0 }) throws(TemplateError) -> String {
        var output = ""
        for part in parts {
            switch part {
            case .literal(let text):
                output += text
            case .variable(let name, let index):
                guard let value = variables.value(name) else { throw TemplateError(reason: "no variable '\(name)'") }
                output += escape(try Self.pick(value, index, name: name, variables: variables))
            }
        }
        return output
    }

    private static func pick(_ value: VariableValue, _ index: Index?, name: String, variables: Variables) throws(TemplateError) -> String {
        guard let index else { return value.text }
        guard case .list(let items) = value else { return value.text }
        guard !items.isEmpty else { throw TemplateError(reason: "list '\(name)' is empty") }
        let position: Int
        switch index {
        case .position(let n): position = n
        case .random: position = Int.random(in: 0..<items.count)
        case .vu: position = max(variables.vu - 1, 0)
        case .iteration: position = variables.iteration
        }
        return items[position % items.count]
    }

    private static func variable(_ expression: String, in text: String) throws(TemplateError) -> Part {
        var name = Substring(expression)
        var index: Index?
        if let bracket = expression.firstIndex(of: "[") {
            guard expression.hasSuffix("]") else { throw TemplateError(reason: "'{{\(expression)}}': '[' without ']'") }
            name = expression[..<bracket]
            let inner = expression[expression.index(after: bracket)..<expression.index(before: expression.endIndex)]
            switch inner {
            case "random": index = .random
            case "vu": index = .vu
            case "iteration": index = .iteration
            default:
                guard let n = Int(inner), n >= 0 else {
                    throw TemplateError(reason: "'{{\(expression)}}': an index is a number, random, vu or iteration")
                }
                index = .position(n)
            }
        }
        // `NAME.column` reads a column of a data source's row.
        let segments = name.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count <= 2, segments.allSatisfy({ segment in
            guard let first = segment.first, first.isLetter || first == "_" || segment != segments[0] && first.isNumber else { return false }
            return segment.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        })
        else { throw TemplateError(reason: "'{{\(expression)}}' is not a variable name") }
        return .variable(name: String(name), index: index)
    }
}

/// A template that does not parse or render.
package struct TemplateError: Error, Sendable {
    let reason: String
}
