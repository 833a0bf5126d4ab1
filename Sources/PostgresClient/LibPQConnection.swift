import CLibPQ
import ConnectionPooling
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection. Every method blocks and runs on a ``ConnectionPool`` thread.
///
/// Statements go out with the extended protocol (text-format binds) and are prepared once per
/// connection; replies are awaited with `poll` against a deadline so a silent server ends in a
/// timeout instead of a hung thread. A connection the server dropped is reopened in place.
final class LibPQConnection: PoolableConnection, @unchecked Sendable {
    private let configuration: PostgresConfiguration
    private var handle: OpaquePointer?
    private var statementNames: [String: String] = [:]
    private var statementCounter = 0
    /// Set each time the connection is lent: the first call then checks that the server has
    /// not closed it while it sat idle (a restart), and reconnects if so.
    var checkBeforeUse = false

    /// Prepared statements kept per connection; past this, statements run unnamed.
    private static let statementCacheLimit = 512

    init(configuration: PostgresConfiguration) throws {
        self.configuration = configuration
        try connect()
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    func close() {
        if let handle { PQfinish(handle) }
        handle = nil
        statementNames.removeAll()
    }

    // MARK: - Statements

    /// Runs one statement and returns its rows.
    func execute(_ query: PostgresQuery, timeout: Duration? = nil) throws -> PostgresQueryResult {
        let connection = try usableHandle()
        let deadline = Deadline(after: timeout ?? configuration.replyTimeout)
        let name = try preparedName(for: query, connection: connection, deadline: deadline)
        let sent = withCStringArray(query.binds) { values in
            if let name {
                PQsendQueryPrepared(connection, name, Int32(values.count), values, nil, nil, 0)
            } else {
                PQsendQueryParams(connection, query.sql, Int32(values.count), nil, values, nil, nil, 0)
            }
        }
        guard sent == 1 else { throw connectionError(query: query.sql) }
        return try awaitResult(connection: connection, deadline: deadline, query: query.sql)
    }

    /// Runs several `;`-separated statements without parameters (migrations, scripts).
    func executeScript(_ sql: String) throws {
        let connection = try usableHandle()
        guard PQsendQuery(connection, sql) == 1 else { throw connectionError(query: sql) }
        _ = try awaitResult(connection: connection, deadline: Deadline(after: configuration.replyTimeout), query: sql)
    }

    /// Whether a transaction block is open (or failed) on this connection.
    var isInTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    // MARK: - Connecting

    private func connect() throws {
        close()
        let timeoutSeconds = max(2, Int(configuration.connectTimeout.components.seconds))
        let statementMillis = configuration.statementTimeout.components.seconds * 1000
            + configuration.statementTimeout.components.attoseconds / 1_000_000_000_000_000
        let parameters: [(String, String)] = [
            ("dbname", configuration.url),
            ("connect_timeout", String(timeoutSeconds)),
            ("application_name", configuration.applicationName),
            ("client_encoding", "UTF8"),
            ("options", "-c statement_timeout=\(statementMillis) -c TimeZone=UTC -c DateStyle=ISO,YMD"),
            ("keepalives", "1"),
            ("keepalives_idle", "30"),
        ]
        let connection = withCStringArray(parameters.map(\.0)) { keys in
            withCStringArray(parameters.map(\.1)) { values in
                // The lists end with NULL; expand_dbname = 1 lets `dbname` carry a URL.
                PQconnectdbParams(keys + [nil], values + [nil], 1)
            }
        }
        guard let connection else {
            throw PostgresError(code: .connection, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(code: .connection, message: message)
        }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = connection
    }

    /// The live handle: reconnects when there is none, when libpq marked it bad, or when the
    /// server hung up on it while it was idle.
    private func usableHandle() throws -> OpaquePointer {
        if checkBeforeUse {
            checkBeforeUse = false
            if let handle, PQstatus(handle) == CONNECTION_OK, serverHungUp(handle) { close() }
        }
        if let handle, PQstatus(handle) == CONNECTION_OK { return handle }
        try connect()
        return handle!
    }

    /// An idle connection has nothing to read unless the server sent a notice or closed it.
    private func serverHungUp(_ connection: OpaquePointer) -> Bool {
        for _ in 0..<4 {
            var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else { return false }
            if PQconsumeInput(connection) == 0 || PQstatus(connection) != CONNECTION_OK { return true }
        }
        return false
    }

    // MARK: - Replies

    private func preparedName(for query: PostgresQuery, connection: OpaquePointer, deadline: Deadline) throws -> String? {
        if let name = statementNames[query.sql] { return name }
        guard statementNames.count < Self.statementCacheLimit else { return nil }
        statementCounter += 1
        let name = "connect_\(statementCounter)"
        guard PQsendPrepare(connection, name, query.sql, Int32(query.binds.count), nil) == 1 else {
            throw connectionError(query: query.sql)
        }
        _ = try awaitResult(connection: connection, deadline: deadline, query: query.sql)
        statementNames[query.sql] = name
        return name
    }

    /// Reads every result of the statement just sent; throws the first error, returns the last result.
    private func awaitResult(connection: OpaquePointer, deadline: Deadline, query: String) throws -> PostgresQueryResult {
        var outcome: PostgresQueryResult?
        var failure: PostgresError?
        while true {
            try waitUntilReadable(connection: connection, deadline: deadline, query: query)
            guard let result = PQgetResult(connection) else { break }
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                outcome = Self.copy(result)
            default:
                if failure == nil { failure = serverError(result, query: query) }
            }
        }
        if let failure { throw failure }
        guard PQstatus(connection) == CONNECTION_OK else { throw connectionError(query: query) }
        return outcome ?? PostgresQueryResult(columns: PostgresColumns(names: []), rows: [], affectedRows: 0)
    }

    /// Blocks (with `poll`) until libpq can hand out the next result without blocking.
    private func waitUntilReadable(connection: OpaquePointer, deadline: Deadline, query: String) throws {
        while PQisBusy(connection) == 1 {
            let remaining = deadline.remainingMilliseconds
            var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
            let ready = remaining > 0 ? poll(&descriptor, 1, remaining) : 0
            if ready == 0 {
                abandon(connection)
                throw PostgresError(code: .timeout, message: "no reply from PostgreSQL in time", query: query)
            }
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0, PQconsumeInput(connection) == 1 else { throw connectionError(query: query) }
        }
    }

    /// Asks the server to cancel the running statement, then drops the connection: its
    /// protocol state is unknown, and the next use reconnects.
    private func abandon(_ connection: OpaquePointer) {
        if let cancel = PQgetCancel(connection) {
            var buffer = [CChar](repeating: 0, count: 256)
            _ = PQcancel(cancel, &buffer, Int32(buffer.count))
            PQfreeCancel(cancel)
        }
        close()
    }

    private static func copy(_ result: OpaquePointer) -> PostgresQueryResult {
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
        let tag = String(cString: PQcmdTuples(result))
        return PostgresQueryResult(columns: columns, rows: rows, affectedRows: Int(tag) ?? rowCount)
    }

    // MARK: - Errors

    private func serverError(_ result: OpaquePointer, query: String) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field("C")
        let isConnectionClass = sqlState?.hasPrefix("08") == true || sqlState?.hasPrefix("57P") == true
        return PostgresError(
            code: isConnectionClass ? .connection : .server,
            sqlState: sqlState,
            message: field("M") ?? Self.trimmed(PQresultErrorMessage(result)),
            detail: field("D"),
            query: query)
    }

    private func connectionError(query: String?) -> PostgresError {
        let message = handle.map { Self.trimmed(PQerrorMessage($0)) } ?? "connection closed"
        return PostgresError(code: .connection, message: message.isEmpty ? "connection lost" : message, query: query)
    }

    private static func trimmed(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "" }
        return String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A point in monotonic time a blocking wait must not pass.
private struct Deadline {
    let end: ContinuousClock.Instant

    init(after duration: Duration) { end = .now + duration }

    var remainingMilliseconds: Int32 {
        let remaining = ContinuousClock.now.duration(to: end)
        if remaining <= .zero { return 0 }
        let (seconds, attoseconds) = remaining.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
    }
}

/// Calls `body` with C strings for `strings` (`nil` stays a NULL pointer), valid only inside it.
private func withCStringArray<Result>(
    _ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> Result
) -> Result {
    let duplicates = strings.map { $0.flatMap { strdup($0) } }
    defer { for pointer in duplicates { free(pointer) } }
    return body(duplicates.map { $0.map { UnsafePointer($0) } })
}
