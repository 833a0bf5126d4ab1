import ConnectionPooling
import Metrics

/// A pool's metrics as its ``PoolObserver``: `connect_pool_acquire_wait_seconds{pool}` (every
/// acquire, zero when a connection was free) and the command-latency histogram named by the
/// pool's kind (`connect_postgres_statement_duration_seconds`,
/// `connect_redis_command_duration_seconds`) with `pool` and `outcome` (`ok`, `error`). The
/// timers are made once, so recording is one histogram update.
public struct PoolMetrics: PoolObserver {
    private let acquireWait: Timer
    private let succeeded: Timer
    private let failed: Timer

    /// The histogram of PostgreSQL statements.
    public static let postgresStatements = "connect_postgres_statement_duration_seconds"
    /// The histogram of Redis commands (blocking commands excluded) and pipelines.
    public static let redisCommands = "connect_redis_command_duration_seconds"
    /// The histogram of waits for a pooled connection.
    public static let acquireWaits = "connect_pool_acquire_wait_seconds"

    /// - Parameters:
    ///   - pool: the `pool` label (`database`, `redis_cache`, `redis_queue`).
    ///   - commands: the command histogram's name, ``postgresStatements`` or ``redisCommands``.
    public init(pool: String, commands: String) {
        acquireWait = Timer(label: Self.acquireWaits, dimensions: [("pool", pool)])
        succeeded = Timer(label: commands, dimensions: [("pool", pool), ("outcome", "ok")])
        failed = Timer(label: commands, dimensions: [("pool", pool), ("outcome", "error")])
    }

    public func acquired(after wait: Duration) {
        acquireWait.recordNanoseconds(wait.nanoseconds)
    }

    public func commandFinished(after duration: Duration, failed: Bool) {
        (failed ? self.failed : succeeded).recordNanoseconds(duration.nanoseconds)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, as swift-metrics timers take it.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
