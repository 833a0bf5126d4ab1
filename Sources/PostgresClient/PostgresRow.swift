/// One row of a result, its values in PostgreSQL text format, copied out of libpq.
public struct PostgresRow: Sendable {
    /// Column names and their positions, shared by all rows of a result.
    public let columns: PostgresColumns
    /// Values in column order; `nil` is SQL NULL.
    public let values: [String?]

    /// Decodes the value at a column position.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type = Value.self, at index: Int) throws -> Value {
        guard values.indices.contains(index) else {
            throw PostgresError(code: .decoding, message: "no column at position \(index); the row has \(values.count)")
        }
        do {
            return try Value.decode(postgresText: values[index])
        } catch var error as PostgresError {
            error.message = "column \(columns.names[index]): \(error.message)"
            throw error
        }
    }

    /// Decodes the value of a named column.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type = Value.self, column name: String) throws -> Value {
        guard let index = columns.index(of: name) else {
            throw PostgresError(code: .decoding, message: "no column named \(name)")
        }
        return try decode(type, at: index)
    }

    /// The row from column `index` on, as a row of its own (for decoding a joined table's columns
    /// with the decoder written for that table).
    public func dropping(first index: Int) -> PostgresRow {
        let start = min(index, values.count)
        return PostgresRow(columns: PostgresColumns(names: Array(columns.names[start...])), values: Array(values[start...]))
    }

    /// Decodes the leading columns as a tuple: `let (id, title) = try row.decode((UUID, String).self)`.
    public func decode<each Value: PostgresDecodable>(_ types: (repeat each Value).Type) throws -> (repeat each Value) {
        var index = 0
        func next<Next: PostgresDecodable>(_ type: Next.Type) throws -> Next {
            defer { index += 1 }
            return try decode(type, at: index)
        }
        return (repeat try next((each Value).self))
    }
}

/// The column names of a result.
public final class PostgresColumns: Sendable {
    public let names: [String]
    private let positions: [String: Int]

    init(names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }

    /// The position of the first column with this name.
    public func index(of name: String) -> Int? { positions[name] }
}
