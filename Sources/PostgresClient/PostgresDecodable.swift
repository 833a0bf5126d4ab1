import Foundation

/// A Swift type that a column's text-format value decodes into.
public protocol PostgresDecodable {
    /// Decodes the column text; `nil` is SQL NULL, which only optionals accept.
    static func decode(postgresText text: String?) throws -> Self
}

/// A non-optional type: NULL is an error, otherwise the text is parsed.
public protocol PostgresNonNullDecodable: PostgresDecodable {
    /// Parses a non-NULL column value, or returns `nil` when the text is not of this type.
    init?(postgresNonNullText text: String)
}

extension PostgresNonNullDecodable {
    public static func decode(postgresText text: String?) throws -> Self {
        guard let text else {
            throw PostgresError(code: .decoding, message: "NULL where a \(Self.self) was expected")
        }
        guard let value = Self(postgresNonNullText: text) else {
            throw PostgresError(code: .decoding, message: "cannot decode \(Self.self) from '\(text.prefix(64))'")
        }
        return value
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText text: String?) throws -> Wrapped? {
        guard let text else { return nil }
        return try Wrapped.decode(postgresText: text)
    }
}

extension String: PostgresNonNullDecodable {
    public init?(postgresNonNullText text: String) { self = text }
}

extension Int: PostgresNonNullDecodable {
    public init?(postgresNonNullText text: String) { self.init(text) }
}

extension Int16: PostgresNonNullDecodable {
    public init?(postgresNonNullText text: String) { self.init(text) }
}

extension Int32: PostgresNonNullDecodable {
    public init?(postgresNonNullText text: String) { self.init(text) }
}

extension Int64: PostgresNonNullDecodable {
    public init?(postgresNonNullText text: String) { self.init(text) }
}

extension Double: PostgresNonNullDecodable {
    /// Accepts `float4`, `float8` and `numeric` text, including `NaN` and `±Infinity`.
    public init?(postgresNonNullText text: String) {
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default: self.init(text)
        }
    }
}

extension Bool: PostgresNonNullDecodable {
    public init?(postgresNonNullText text: String) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension UUID: PostgresNonNullDecodable {
    public init?(postgresNonNullText text: String) { self.init(uuidString: text) }
}

extension Date: PostgresNonNullDecodable {
    /// Accepts `timestamptz`, `timestamp` (read as UTC) and `date` (midnight UTC).
    public init?(postgresNonNullText text: String) {
        guard let date = PostgresTimestamp.parse(text) else { return nil }
        self = date
    }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {}

extension Array: PostgresNonNullDecodable where Element: PostgresDecodable {
    /// Decodes a one-dimensional array literal (`text[]`, `int[]`, `uuid[]`…).
    public init?(postgresNonNullText text: String) {
        guard let items = PostgresArrayLiteral.parse(text) else { return nil }
        var values: [Element] = []
        values.reserveCapacity(items.count)
        for item in items {
            guard let value = try? Element.decode(postgresText: item) else { return nil }
            values.append(value)
        }
        self = values
    }
}
