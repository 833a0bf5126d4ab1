import Foundation

/// A `json`/`jsonb` column or parameter holding a Codable value.
///
/// ```swift
/// let breakdown = try row.decode(PostgresJSON<ScoreBreakdown>.self, at: 3).value
/// try await pool.query("UPDATE jobs SET result = \(PostgresJSON(result)) WHERE id = \(id)")
/// ```
public struct PostgresJSON<Value: Codable & Sendable>: Sendable, PostgresEncodable, PostgresNonNullDecodable {
    public var value: Value

    public init(_ value: Value) { self.value = value }

    public var postgresText: String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    public init?(postgresNonNullText text: String) {
        guard let value = try? JSONDecoder().decode(Value.self, from: Data(text.utf8)) else { return nil }
        self.value = value
    }
}
