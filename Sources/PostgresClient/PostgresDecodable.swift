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
    /// Parses the server's `8-4-4-4-12` hex form directly (`UUID(uuidString:)` goes through sscanf).
    public init?(postgresNonNullText text: String) {
        var bytes = [UInt8](repeating: 0, count: 16)
        var index = 0
        var high: UInt8?
        for character in text.utf8 {
            if character == UInt8(ascii: "-") { continue }
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let first = high {
                guard index < 16 else { return nil }
                bytes[index] = first << 4 | nibble
                index += 1
                high = nil
            } else {
                high = nibble
            }
        }
        guard index == 16, high == nil, text.utf8.count == 36 else { return nil }
        self.init(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                         bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
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
