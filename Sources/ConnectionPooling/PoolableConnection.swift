/// A blocking client connection that a ``ConnectionPool`` lends to one borrower at a time.
///
/// Implementations wrap a C handle (a `PGconn`, a `redisContext`). They are `@unchecked Sendable`
/// because the pool guarantees that only one task uses a connection at a time.
public protocol PoolableConnection: AnyObject, Sendable {
    /// Releases the underlying handle. Called on a pool thread, once.
    func close()
}
