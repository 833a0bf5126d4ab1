import Foundation
import Hummingbird

/// Typed, validated access to query parameters; a bad value is a 422 naming the parameter.
struct QueryReader {
    let request: Request

    init(_ request: Request) { self.request = request }

    private func raw(_ name: String) -> String? {
        guard let value = request.uri.queryParameters.get(name) else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A whole number inside `range`, or `defaultValue` when absent.
    func int(_ name: String, in range: ClosedRange<Int>, default defaultValue: Int? = nil) throws -> Int? {
        guard let text = raw(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.unprocessable("Query parameter '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// Text of at most `maxLength` characters.
    func string(_ name: String, maxLength: Int = 200) throws -> String? {
        guard let text = raw(name) else { return nil }
        guard text.count <= maxLength else {
            throw APIError.unprocessable("Query parameter '\(name)' must be at most \(maxLength) characters")
        }
        return text
    }

    /// One of an enumeration's raw values (case-insensitive), or `defaultValue` when absent.
    func choice<Value: RawRepresentable & CaseIterable>(_ name: String, default defaultValue: Value? = nil) throws -> Value?
    where Value.RawValue == String {
        guard let text = raw(name) else { return defaultValue }
        guard let value = Value.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(text) == .orderedSame }) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.unprocessable("Query parameter '\(name)' must be one of \(allowed)")
        }
        return value
    }
}
