import Synchronization

/// A connection lent by a ``PostgresPool`` to one caller for the duration of a closure
/// (transactions, session settings, advisory locks, scripts).
public struct PostgresConnection: Sendable {
    let connection: LibPQConnection

    /// Runs one statement, prepared once per connection, with its binds.
    /// - Parameter timeout: longest wait for the reply; by default the statement timeout plus a
    ///   grace period. A timeout cancels the statement and drops the connection.
    @discardableResult
    public func query(_ query: PostgresQuery, timeout: Duration? = nil) async throws -> PostgresQueryResult {
        try await connection.run(.statement(query), timeout: timeout)
    }

    /// Runs `;`-separated statements without parameters, e.g. a migration file.
    public func execute(script sql: String) async throws {
        // A script leaves the pipeline, so what was in flight when the connection was lent
        // (shared statements) must be answered first.
        if connection.inFlight.load(ordering: .relaxed) > 0 {
            _ = try await connection.run(.statement("SELECT 1"), timeout: nil)
        }
        _ = try await connection.run(.script(sql), timeout: nil)
    }

    /// Whether a transaction is open on this connection.
    var isInTransaction: Bool { connection.isInTransaction }
}
