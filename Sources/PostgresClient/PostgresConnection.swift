import ConnectionPooling

/// A connection lent by a ``PostgresPool`` for the duration of a closure.
///
/// Each call runs on the pool's own thread for this connection and is awaited, so the caller's
/// task suspends instead of blocking.
public struct PostgresConnection: Sendable {
    let connection: LibPQConnection
    let pool: ConnectionPool<LibPQConnection>

    /// Runs one statement, prepared once per connection, with its binds.
    /// - Parameter timeout: longest wait for the reply; by default the statement timeout plus a
    ///   grace period. A timeout cancels the statement and drops the connection.
    @discardableResult
    public func query(_ query: PostgresQuery, timeout: Duration? = nil) async throws -> PostgresQueryResult {
        let connection = self.connection
        return try await pool.runBlocking { try connection.execute(query, timeout: timeout) }
    }

    /// Runs `;`-separated statements without parameters, e.g. a migration file.
    public func execute(script sql: String) async throws {
        let connection = self.connection
        try await pool.runBlocking { try connection.executeScript(sql) }
    }

    /// Whether a transaction is open on this connection.
    var isInTransaction: Bool { connection.isInTransaction }
}
