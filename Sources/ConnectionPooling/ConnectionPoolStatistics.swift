/// A snapshot of a pool's occupancy, for metrics and health output.
public struct ConnectionPoolStatistics: Sendable, Equatable {
    /// Connections open or being opened.
    public var open: Int
    /// Connections lent out right now.
    public var inUse: Int
    /// Open connections waiting in the pool.
    public var idle: Int
    /// Borrowers waiting for a connection.
    public var waiters: Int
    /// The pool's bound.
    public var maximum: Int

    public init(open: Int, inUse: Int, idle: Int, waiters: Int, maximum: Int) {
        self.open = open
        self.inUse = inUse
        self.idle = idle
        self.waiters = waiters
        self.maximum = maximum
    }
}
