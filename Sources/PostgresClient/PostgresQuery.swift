/// A SQL statement with its parameters, always sent as `$1, $2…` binds, never spliced into text.
///
/// Write it with interpolation: every interpolated value becomes a bind parameter.
/// ```swift
/// let query: PostgresQuery = "SELECT title FROM funding_programs WHERE agency = \(agency) LIMIT \(limit)"
/// ```
/// Use `\(unescaped:)` for trusted SQL fragments such as a column list.
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation {
    public var sql: String
    public var binds: [String?]

    /// A statement with explicit text-format binds.
    public init(sql: String, binds: [any PostgresEncodable] = []) {
        self.sql = sql
        self.binds = binds.map { $0.postgresText }
    }

    public init(stringLiteral value: String) {
        self.sql = value
        self.binds = []
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.binds = stringInterpolation.binds
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql: String
        var binds: [String?]

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Binds a value as the next `$N` parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            binds.append(value.postgresText)
            sql += "$\(binds.count)"
        }

        /// Binds an optional value; `nil` is sent as SQL NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            binds.append(value?.postgresText ?? nil)
            sql += "$\(binds.count)"
        }

        /// Splices trusted SQL text as is (identifiers, fixed fragments). Never user input.
        public mutating func appendInterpolation(unescaped fragment: String) {
            sql += fragment
        }
    }
}
