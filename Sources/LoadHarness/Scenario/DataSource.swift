import Foundation
import Synchronization

/// Test data for the iterations (`data:` in a scenario), like k6's SharedArray and Gatling's
/// feeders: the rows of a CSV file (a header row names the columns) or of a JSON array of
/// objects, read once when the scenario is loaded and shared by every VU. Each iteration gets
/// one row, used in templates as `{{NAME.column}}`.
public struct DataSource: Sendable {
    /// Which row an iteration gets.
    public enum Pick: String, Sendable, CaseIterable {
        /// VU n always gets row (n − 1) mod count: one identity per VU.
        case perVU = "per-vu"
        /// Each iteration of any VU takes the next row, starting again after the last.
        case sequential
        /// Each iteration takes a row at random.
        case random
        /// Each row once, across all VUs; when none is left the run ends (Gatling's queue feeder).
        case unique
    }

    /// The name templates use, e.g. `users` in `{{users.email}}`.
    public let name: String
    /// Column names, in file order.
    public let columns: [String]
    /// The rows, each a value per column.
    public let rows: [[String]]
    public let pick: Pick
    private let cursor: Cursor

    /// The position shared by every VU (sequential and unique).
    private final class Cursor: Sendable {
        let next = Atomic<Int>(0)
    }

    /// A source from rows already read; `rows` must not be empty and each must have one value per column.
    public init(name: String, columns: [String], rows: [[String]], pick: Pick) {
        precondition(!rows.isEmpty && rows.allSatisfy { $0.count == columns.count })
        self.name = name
        self.columns = columns
        self.rows = rows
        self.pick = pick
        self.cursor = Cursor()
    }

    /// The row of `vu` (from 1) for its next iteration; nil when a `unique` source is exhausted.
    public func row(vu: Int) -> [String]? {
        switch pick {
        case .perVU:
            return rows[(max(vu, 1) - 1) % rows.count]
        case .sequential:
            return rows[cursor.next.wrappingAdd(1, ordering: .relaxed).oldValue % rows.count]
        case .random:
            return rows[Int.random(in: 0..<rows.count)]
        case .unique:
            let index = cursor.next.wrappingAdd(1, ordering: .relaxed).oldValue
            return index < rows.count ? rows[index] : nil
        }
    }

    /// The variables of one row: `NAME.column` → value.
    func variables(of row: [String]) -> [String: VariableValue] {
        var variables: [String: VariableValue] = [:]
        for (column, value) in zip(columns, row) { variables["\(name).\(column)"] = .text(value) }
        return variables
    }
}
