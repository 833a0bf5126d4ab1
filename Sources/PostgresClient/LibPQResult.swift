import CLibPQ
import Foundation

/// Reading libpq's `PGresult`s and error messages into the client's types.
enum LibPQResult {
    /// Copies a result's rows out of libpq (the `PGresult` is freed afterwards).
    static func copy(_ result: OpaquePointer) -> PostgresQueryResult {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = PostgresColumns(names: (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) })
        var rows: [PostgresRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    let length = Int(PQgetlength(result, row, column))
                    let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, row, column), count: length)
                    values.append(String(decoding: bytes, as: UTF8.self))
                }
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        let tag = PQcmdTuples(result).map { String(cString: $0) } ?? ""
        return PostgresQueryResult(columns: columns, rows: rows, affectedRows: Int(tag) ?? rowCount)
    }

    /// The server's error in a failed result; SQLSTATE classes 08 and 57P are connection errors.
    static func serverError(_ result: OpaquePointer, query: String) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field("C")
        let isConnectionClass = sqlState?.hasPrefix("08") == true || sqlState?.hasPrefix("57P") == true
        let message = field("M") ?? trimmed(PQresultErrorMessage(result))
        return PostgresError(
            code: isConnectionClass || sqlState == nil ? .connection : .server,
            sqlState: sqlState,
            message: message.isEmpty ? "connection lost" : message,
            detail: field("D"),
            query: query)
    }

    /// The connection's last error message, or `fallback` when libpq has none.
    static func connectionError(_ handle: OpaquePointer?, query: String?, fallback: String = "connection lost") -> PostgresError {
        let message = handle.map { trimmed(PQerrorMessage($0)) } ?? ""
        return PostgresError(code: .connection, message: message.isEmpty ? fallback : message, query: query)
    }

    static func trimmed(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "" }
        return String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
