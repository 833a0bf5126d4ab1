import Foundation
import ConnectionPooling
import PostgresClient
import RedisClient
import Synchronization

/// Checks PostgreSQL and both Redis instances; concurrent probes share one check in flight.
public final class HealthMonitor: Sendable {
    private let database: PostgresPool
    private let cache: RedisPool
    private let queue: RedisPool
    private let timeout: Duration
    private let flight = SingleFlight<Int, HealthReport>()
    private let runs = Atomic<Int>(0)

    /// - Parameter timeout: longest wait for each dependency's answer.
    public init(database: PostgresPool, cache: RedisPool, queue: RedisPool, timeout: Duration = .seconds(2)) {
        self.database = database
        self.cache = cache
        self.queue = queue
        self.timeout = timeout
    }

    /// How many checks really ran (probes that joined one in flight are not counted).
    public var checksPerformed: Int { runs.load(ordering: .relaxed) }

    /// Checks every dependency, or joins the check already in flight.
    public func check() async -> HealthReport {
        do {
            return try await flight.run(key: 0) { await runChecks() }.value
        } catch {
            // runChecks does not throw; only cancellation of the shared run can land here.
            let failed = DependencyCheck(healthy: false, latencyMilliseconds: 0, error: "check cancelled")
            return HealthReport(database: failed, redisCache: failed, redisQueue: failed, checkedAt: Date())
        }
    }

    private func runChecks() async -> HealthReport {
        runs.add(1, ordering: .relaxed)
        async let database = measure { [database, timeout] in
            _ = try await database.query("SELECT 1", timeout: timeout)
        }
        async let cache = measure { [cache, timeout] in
            _ = try await cache.command(["PING"], timeout: timeout)
        }
        async let queue = measure { [queue, timeout] in
            _ = try await queue.command(["PING"], timeout: timeout)
        }
        return await HealthReport(database: database, redisCache: cache, redisQueue: queue, checkedAt: Date())
    }

    private func measure(_ probe: @Sendable () async throws -> Void) async -> DependencyCheck {
        let start = ContinuousClock.now
        do {
            try await probe()
            return DependencyCheck(healthy: true, latencyMilliseconds: Self.milliseconds(since: start))
        } catch {
            return DependencyCheck(healthy: false, latencyMilliseconds: Self.milliseconds(since: start), error: Self.summary(of: error))
        }
    }

    /// A short reason that names no host, user or server text.
    static func summary(of error: any Error) -> String {
        switch error {
        case let error as PostgresError where error.code == .timeout: "timed out"
        case let error as PostgresError where error.code == .connection: "connection failed"
        case let error as PostgresError: "query failed (SQLSTATE \(error.sqlState ?? "?"))"
        case let error as RedisError where error.code == .timeout: "timed out"
        case let error as RedisError where error.code == .connection: "connection failed"
        case let error as RedisError: "command failed (\(error.code))"
        case let error as ConnectionPoolError: error.description
        default: "check failed"
        }
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        let (seconds, attoseconds) = elapsed.components
        return (Double(seconds) * 1000 + Double(attoseconds) / 1e15).rounded(toPlaces: 2)
    }
}

extension Double {
    /// The value rounded to `places` decimals, for JSON output.
    public func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
