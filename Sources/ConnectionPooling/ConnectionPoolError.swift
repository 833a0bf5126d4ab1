/// Why a pool (PostgreSQL or Redis) could not lend a connection.
public enum ConnectionPoolError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Every connection stayed busy for the whole acquire timeout.
    case acquireTimeout(pool: String, waited: Duration)
    /// The pool has been shut down.
    case shutdown(pool: String)

    public var description: String {
        switch self {
        case .acquireTimeout(let pool, let waited):
            return "\(pool) pool exhausted: no connection became free within \(waited)"
        case .shutdown(let pool):
            return "\(pool) pool is shut down"
        }
    }
}
