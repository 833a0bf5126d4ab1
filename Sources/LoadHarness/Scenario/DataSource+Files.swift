import Foundation
import SwiftCSV

extension DataSource {
    /// Why a data file cannot be used.
    public struct FileError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Reads `path`: `.csv` (RFC 4180 through SwiftCSV: the first row names the columns; quoted
    /// fields may hold commas, quotes and line breaks) or `.json` (an array of objects; numbers
    /// and booleans become their text, nested values their JSON). Every row must have a value
    /// for every column; at least one row.
    public static func read(path: String, name: String, pick: Pick) throws(FileError) -> DataSource {
        let columns: [String]
        let rows: [[String]]
        let url = URL(fileURLWithPath: path)
        switch url.pathExtension.lowercased() {
        case "csv":
            do {
                let csv = try EnumeratedCSV(url: url, delimiter: .comma, loadColumns: false)
                columns = csv.header.map { $0.trimmingCharacters(in: .whitespaces) }
                rows = csv.rows
            } catch {
                throw FileError(description: "\(path): not a CSV file (\(error))")
            }
        case "json":
            (columns, rows) = try json(path)
        default:
            throw FileError(description: "\(path): a data file is .csv or .json")
        }
        guard !columns.isEmpty, !columns.contains(where: \.isEmpty) else { throw FileError(description: "\(path): every column needs a name") }
        for column in columns where !column.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            throw FileError(description: "\(path): column '\(column)' is not a name (letters, digits, _)")
        }
        guard Set(columns).count == columns.count else { throw FileError(description: "\(path): a column name appears twice") }
        guard !rows.isEmpty else { throw FileError(description: "\(path): no rows") }
        if let (index, row) = rows.enumerated().first(where: { $0.element.count != columns.count }) {
            throw FileError(description: "\(path): row \(index + 1) has \(row.count) values for \(columns.count) columns")
        }
        return DataSource(name: name, columns: columns, rows: rows, pick: pick)
    }

    /// One value of a JSON data file: a string, number, boolean or null, as text.
    private struct Cell: Decodable {
        let text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                text = ""
            } else if let bool = try? container.decode(Bool.self) {
                text = bool ? "true" : "false"
            } else if let integer = try? container.decode(Int64.self) {
                text = String(integer)
            } else if let number = try? container.decode(Double.self) {
                text = String(number)
            } else {
                text = try container.decode(String.self)
            }
        }
    }

    private static func json(_ path: String) throws(FileError) -> ([String], [[String]]) {
        let objects: [[String: Cell]]
        do {
            objects = try JSONDecoder().decode([[String: Cell]].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw FileError(description: "\(path): not a JSON array of objects with string, number or boolean values (\(error))")
        }
        guard let first = objects.first else { return ([], []) }
        let columns = first.keys.sorted()
        var rows: [[String]] = []
        for (index, object) in objects.enumerated() {
            guard Set(object.keys) == Set(columns) else {
                throw FileError(description: "\(path): element \(index + 1) has keys \(object.keys.sorted()), the first has \(columns)")
            }
            rows.append(columns.map { object[$0]!.text })
        }
        return (columns, rows)
    }
}
