import ConnectionPooling
import PostgresClient
import RedisClient

/// Which dependency an error says is unavailable, so the HTTP layer answers 503 naming it
/// without knowing the clients' error types.
public enum DependencyOutage {
    /// `The database` or `The cache` for a PostgreSQL, pool or Redis failure; `nil` for anything
    /// else, including a row PostgreSQL sent that could not be decoded (a bug, not an outage).
    public static func dependency(failing error: any Error) -> String? {
        switch error {
        case let error as PostgresError: error.code == .decoding ? nil : "The database"
        case is ConnectionPoolError: "The database"
        case is RedisError: "The cache"
        default: nil
        }
    }
}
