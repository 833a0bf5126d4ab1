import ConnectCore
import Foundation
import Hummingbird

/// Typed, validated access to query parameters; a bad value is a 422 naming the parameter.
///
/// A parameter given with an empty value is absent for free text (an empty search box), and an
/// error for numbers, choices and ids, which have no empty value.
package struct QueryReader {
    private let request: Request

    package init(_ request: Request) { self.request = request }

    /// The trimmed value; `nil` when the parameter is absent.
    private func raw(_ name: String) -> String? {
        request.uri.queryParameters.get(name)?.trimmingCharacters(in: .whitespaces)
    }

    /// The trimmed value of a parameter that has no empty form; `nil` when absent.
    private func required(_ name: String, _ expected: String) throws -> String? {
        guard let text = raw(name) else { return nil }
        guard !text.isEmpty else { throw APIError.unprocessable("Query parameter '\(name)' must be \(expected), not empty") }
        return text
    }

    /// A whole number inside `range`, or `defaultValue` when absent.
    package func int(_ name: String, in range: ClosedRange<Int>, default defaultValue: Int? = nil) throws -> Int? {
        let expected = "a whole number from \(range.lowerBound) to \(range.upperBound)"
        guard let text = try required(name, expected) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.unprocessable("Query parameter '\(name)' must be \(expected)")
        }
        return value
    }

    /// A UUID, or `nil` when absent.
    package func uuid(_ name: String) throws -> UUID? {
        guard let text = try required(name, "a UUID") else { return nil }
        guard let value = UUID(uuidString: text) else { throw APIError.unprocessable("Query parameter '\(name)' must be a UUID") }
        return value
    }

    /// Text of at most `maxLength` characters without control characters; `nil` when absent or empty.
    package func string(_ name: String, maxLength: Int = 200) throws -> String? {
        guard let text = raw(name) else { return nil }
        do {
            let checked = try TextRule(length: 0...maxLength).validated(text, field: name)
            return checked.isEmpty ? nil : checked
        } catch let error as InvalidInput {
            throw APIError.unprocessable("Query parameter '\(name)' \(error.reason)")
        }
    }

    /// One of an enumeration's raw values (case-insensitive), or `defaultValue` when absent.
    package func choice<Value: RawRepresentable & CaseIterable>(_ name: String, default defaultValue: Value? = nil) throws -> Value?
    where Value.RawValue == String {
        let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
        guard let text = try required(name, "one of \(allowed)") else { return defaultValue }
        guard let value = Value.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(text) == .orderedSame }) else {
            throw APIError.unprocessable("Query parameter '\(name)' must be one of \(allowed)")
        }
        return value
    }
}
