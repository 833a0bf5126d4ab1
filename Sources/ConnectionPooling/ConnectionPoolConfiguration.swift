/// Sizing and time limits of a ``ConnectionPool``.
public struct ConnectionPoolConfiguration: Sendable {
    /// Most connections open at once; also the number of threads the pool owns.
    public var maximumConnections: Int
    /// Longest a borrower waits for a free connection before ``ConnectionPoolError/acquireTimeout``.
    public var acquireTimeout: Duration
    /// Name used in errors and logs (`postgres`, `redis-cache`…).
    public var label: String

    public init(maximumConnections: Int, acquireTimeout: Duration = .seconds(5), label: String) {
        precondition(maximumConnections > 0, "a pool needs at least one connection")
        self.maximumConnections = maximumConnections
        self.acquireTimeout = acquireTimeout
        self.label = label
    }
}
