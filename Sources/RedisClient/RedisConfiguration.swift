import ConnectionPooling

/// How to reach one Redis server and how long to wait for it.
public struct RedisConfiguration: Sendable {
    /// `redis://[[user]:password@]host[:port][/db]`, or `unix://[[user]:password@]/path/to/redis.sock[?db=N]`
    /// for a server on the same host.
    public var url: String
    /// Connections the pool opens at most (one pool thread each).
    public var poolSize: Int
    /// Longest wait for a free pooled connection.
    public var acquireTimeout: Duration
    /// Longest wait to connect.
    public var connectTimeout: Duration
    /// Longest wait for one reply (socket send and receive timeout).
    public var commandTimeout: Duration
    /// Name used in errors and metrics (`redis-cache`, `redis-queue`).
    public var label: String
    /// Told each acquire's wait and each command's duration (metrics), if set.
    public var observer: (any PoolObserver)?

    public init(
        url: String,
        poolSize: Int = 8,
        acquireTimeout: Duration = .seconds(5),
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration = .seconds(5),
        label: String = "redis"
    ) {
        self.url = url
        self.poolSize = poolSize
        self.acquireTimeout = acquireTimeout
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.label = label
    }
}
