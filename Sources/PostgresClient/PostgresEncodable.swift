import Foundation

/// A Swift value that can be sent as a text-format bind parameter.
public protocol PostgresEncodable: Sendable {
    /// The value in PostgreSQL's text input format; `nil` sends SQL NULL.
    var postgresText: String? { get }
}

extension String: PostgresEncodable {
    public var postgresText: String? { self }
}

extension Substring: PostgresEncodable {
    public var postgresText: String? { String(self) }
}

extension Int: PostgresEncodable {
    public var postgresText: String? { String(self) }
}

extension Int16: PostgresEncodable {
    public var postgresText: String? { String(self) }
}

extension Int32: PostgresEncodable {
    public var postgresText: String? { String(self) }
}

extension Int64: PostgresEncodable {
    public var postgresText: String? { String(self) }
}

extension Double: PostgresEncodable {
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return String(self)
    }
}

extension Bool: PostgresEncodable {
    public var postgresText: String? { self ? "true" : "false" }
}

extension UUID: PostgresEncodable {
    public var postgresText: String? { uuidString }
}

extension Date: PostgresEncodable {
    /// ISO 8601 in UTC with microseconds, accepted by `timestamptz` and `date` columns.
    public var postgresText: String? { PostgresTimestamp.format(self) }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public var postgresText: String? {
        switch self {
        case .some(let value): value.postgresText
        case .none: nil
        }
    }
}

extension Array: PostgresEncodable where Element: PostgresEncodable {
    /// An array literal such as `{"AI","스마트팜",NULL}`.
    public var postgresText: String? { PostgresArrayLiteral.format(map(\.postgresText)) }
}
