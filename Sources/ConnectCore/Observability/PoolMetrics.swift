import ConnectionPooling
import Metrics
import Tracing

/// A pool's metrics as its ``PoolObserver``: `connect_pool_acquire_wait_seconds{pool}` (every
/// acquire, zero when a connection was free) and the command-latency histogram named by the
/// pool's kind (`connect_postgres_statement_duration_seconds`,
/// `connect_redis_command_duration_seconds`) with `pool` and `outcome` (`ok`, `error`). The
/// timers are made once, so recording is one histogram update. With `traces`, each command is
/// also a client span (child of the request's span): `db.system`, the statement or command name,
/// the pool.
public struct PoolMetrics: PoolObserver {
    private let acquireWait: Timer
    private let succeeded: Timer
    private let failed: Timer
    private let pool: String
    private let system: String
    private let traces: Bool

    /// The histogram of PostgreSQL statements.
    public static let postgresStatements = "connect_postgres_statement_duration_seconds"
    /// The histogram of Redis commands (blocking commands excluded) and pipelines.
    public static let redisCommands = "connect_redis_command_duration_seconds"
    /// The histogram of waits for a pooled connection.
    public static let acquireWaits = "connect_pool_acquire_wait_seconds"

    /// - Parameters:
    ///   - pool: the `pool` label (`database`, `redis_cache`, `redis_queue`).
    ///   - commands: the command histogram's name, ``postgresStatements`` or ``redisCommands``.
    ///   - traces: whether each command is a span too (tracing is on).
    public init(pool: String, commands: String, traces: Bool = false) {
        self.pool = pool
        self.system = commands == Self.postgresStatements ? "postgresql" : "redis"
        self.traces = traces
        acquireWait = Timer(label: Self.acquireWaits, dimensions: [("pool", pool)])
        succeeded = Timer(label: commands, dimensions: [("pool", pool), ("outcome", "ok")])
        failed = Timer(label: commands, dimensions: [("pool", pool), ("outcome", "error")])
    }

    public func acquired(after wait: Duration) {
        acquireWait.record(wait)
    }

    public func commandFinished(after duration: Duration, failed: Bool) {
        (failed ? self.failed : succeeded).record(duration)
    }

    public func instrument<Result>(_ operation: String, _ command: () async throws -> Result) async throws -> Result {
        guard traces, TracedWork.active else { return try await timing(command) }
        return try await withSpan(system, ofKind: .client) { span in
            if span.isRecording {
                let name = system == "postgresql" ? (operation.split(separator: " ", maxSplits: 1).first.map(String.init)?.uppercased() ?? "SQL") : operation
                span.operationName = "\(system) \(name)"
                span.attributes["db.system"] = system
                span.attributes["connect.pool"] = pool
                if system == "postgresql" { span.attributes["db.query.text"] = operation } else { span.attributes["db.operation.name"] = operation }
            }
            return try await timing(command)
        }
    }
}
