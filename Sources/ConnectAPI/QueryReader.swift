import ConnectCore
import Foundation
import Hummingbird
import HummingbirdCore

/// Typed, validated access to query parameters; a bad value is a 422 naming the parameter.
///
/// A parameter given with an empty value is absent for free text (an empty search box), and an
/// error for numbers, choices and ids, which have no empty value.
///
/// The query is parsed once, when the reader is made (Hummingbird's `queryParameters` parses it
/// on every access), and error messages are only put together for an error: reading the six
/// parameters of a program search was 7–10 % of that cached route's samples.
package struct QueryReader {
    private let parameters: FlatDictionary<Substring, Substring>

    package init(_ request: Request) { self.parameters = request.uri.queryParameters }

    /// The value without the whitespace around it; `nil` when the parameter is absent.
    private func raw(_ name: String) -> Substring? {
        parameters[name[...]].map(Self.trimmingWhitespace)
    }

    /// The trimmed value of a parameter that has no empty form; `nil` when absent.
    private func required(_ name: String, _ expected: @autoclosure () -> String) throws -> Substring? {
        guard let text = raw(name) else { return nil }
        guard !text.isEmpty else { throw APIError.unprocessable("Query parameter '\(name)' must be \(expected()), not empty") }
        return text
    }

    /// `text` without leading and trailing whitespace (Foundation's `CharacterSet.whitespaces`).
    /// A value that starts and ends with a visible ASCII character, as nearly all do, is taken as
    /// it is; only the others go through Foundation.
    static func trimmingWhitespace(_ text: Substring) -> Substring {
        func isVisibleASCII(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        if let first = text.utf8.first, let last = text.utf8.last, isVisibleASCII(first), isVisibleASCII(last) { return text }
        return Substring(text.trimmingCharacters(in: .whitespaces))
    }

    /// A whole number inside `range`, or `defaultValue` when absent.
    package func int(_ name: String, in range: ClosedRange<Int>, default defaultValue: Int? = nil) throws -> Int? {
        func expected() -> String { "a whole number from \(range.lowerBound) to \(range.upperBound)" }
        guard let text = try required(name, expected()) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.unprocessable("Query parameter '\(name)' must be \(expected())")
        }
        return value
    }

    /// A UUID, or `nil` when absent.
    package func uuid(_ name: String) throws -> UUID? {
        guard let text = try required(name, "a UUID") else { return nil }
        guard let value = UUID(uuidString: String(text)) else { throw APIError.unprocessable("Query parameter '\(name)' must be a UUID") }
        return value
    }

    /// Text of at most `maxLength` characters without control characters; `nil` when absent or empty.
    package func string(_ name: String, maxLength: Int = 200) throws -> String? {
        guard let text = raw(name) else { return nil }
        do {
            let checked = try TextRule(length: 0...maxLength).validated(String(text), field: name)
            return checked.isEmpty ? nil : checked
        } catch let error as InvalidInput {
            throw APIError.unprocessable("Query parameter '\(name)' \(error.reason)")
        }
    }

    /// One of an enumeration's raw values (case-insensitive), or `defaultValue` when absent.
    package func choice<Value: RawRepresentable & CaseIterable>(_ name: String, default defaultValue: Value? = nil) throws -> Value?
    where Value.RawValue == String {
        func allowed() -> String { Value.allCases.map(\.rawValue).joined(separator: ", ") }
        guard let text = try required(name, "one of \(allowed())") else { return defaultValue }
        guard let value = Value.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(text) == .orderedSame }) else {
            throw APIError.unprocessable("Query parameter '\(name)' must be one of \(allowed())")
        }
        return value
    }
}
