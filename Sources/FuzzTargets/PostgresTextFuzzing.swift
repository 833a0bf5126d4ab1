import Foundation
import PostgresClient

/// Input: a column's text as PostgreSQL could send it. Invariants: decoding it as each type
/// the platform reads returns a value or an error, never a crash; and an array literal that
/// parses formats back to a literal that parses to the same elements.
enum PostgresTextFuzzing {
    static func run(_ data: UnsafeRawBufferPointer) {
        let text = String(decoding: data, as: UTF8.self)
        _ = try? String.decode(postgresText: text)
        _ = try? Int.decode(postgresText: text)
        _ = try? Int16.decode(postgresText: text)
        _ = try? Int32.decode(postgresText: text)
        _ = try? Int64.decode(postgresText: text)
        _ = try? Double.decode(postgresText: text)
        _ = try? Bool.decode(postgresText: text)
        _ = try? UUID.decode(postgresText: text)
        _ = try? Date.decode(postgresText: text)
        _ = try? [String].decode(postgresText: text)
        _ = try? [Int].decode(postgresText: text)
        _ = try? [String?].decode(postgresText: text)
        if let elements = PostgresArrayLiteral.parse(text) {
            let written = PostgresArrayLiteral.format(elements)
            guard let again = PostgresArrayLiteral.parse(written) else { violated("its own literal does not parse: \(written)") }
            guard again == elements else { violated("\(written) reads back as \(again)") }
        }
    }
}
