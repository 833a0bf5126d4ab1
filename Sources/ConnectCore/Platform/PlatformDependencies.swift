import Foundation
import Logging
import PostgresClient
import RedisClient
import ServiceLifecycle

/// The long-lived clients of one server or worker process: PostgreSQL and the two Redis
/// instances, built once from the configuration and shut down with the process.
public struct PlatformDependencies: Sendable {
    public let configuration: ConnectConfiguration
    public let database: PostgresPool
    public let cache: RedisPool
    public let queue: RedisPool
    public let health: HealthMonitor
    /// When this process started, for `uptime`.
    public let startedAt: ContinuousClock.Instant
    /// The same moment on the wall clock.
    public let startDate: Date

    public init(configuration: ConnectConfiguration, logger: Logger) {
        self.configuration = configuration
        database = PostgresPool(
            configuration: PostgresConfiguration(url: configuration.databaseURL, poolSize: configuration.databasePoolSize),
            logger: logger)
        cache = RedisPool(
            configuration: RedisConfiguration(url: configuration.redisCacheURL, poolSize: configuration.redisPoolSize, label: "redis-cache"),
            logger: logger)
        queue = RedisPool(
            configuration: RedisConfiguration(url: configuration.redisQueueURL, poolSize: configuration.redisPoolSize, label: "redis-queue"),
            logger: logger)
        health = HealthMonitor(database: database, cache: cache, queue: queue)
        startedAt = .now
        startDate = Date()
    }

    /// Services to run beside the HTTP server; each closes its pool on graceful shutdown.
    public var services: [any Service] { [database, cache, queue] }

    /// Seconds since the process started.
    public var uptimeSeconds: Double {
        let (seconds, attoseconds) = (ContinuousClock.now - startedAt).components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
