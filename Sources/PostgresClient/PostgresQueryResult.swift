/// The outcome of one statement: its rows (if any) and the number of rows it touched.
public struct PostgresQueryResult: Sendable {
    public let columns: PostgresColumns
    public let rows: [PostgresRow]
    /// Rows inserted, updated, deleted or returned, from the command tag.
    public let affectedRows: Int

    init(columns: PostgresColumns, rows: [PostgresRow], affectedRows: Int) {
        self.columns = columns
        self.rows = rows
        self.affectedRows = affectedRows
    }

    /// The first row, if any.
    public var first: PostgresRow? { rows.first }

    /// Decodes every row with `transform`.
    public func map<Value>(_ transform: (PostgresRow) throws -> Value) rethrows -> [Value] {
        try rows.map(transform)
    }
}
