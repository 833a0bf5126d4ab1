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
    /// `ai_usage` rows, written behind the requests.
    public let usage: UsageLog
    /// The language model every AI answer of this process goes through.
    public let model: any LanguageModel
    /// Match explanations, shared by the API and the worker's cache warming.
    public let explanations: ExplanationService
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
        usage = UsageLog(database: database, logger: logger)
        // The offline model until the Anthropic client lands (issue #4).
        model = OfflineLanguageModel()
        explanations = ExplanationService(
            matches: MatchRepository(database: database), organizations: OrganizationRepository(database: database),
            model: model, pricing: .standard, cache: cache, ttlSeconds: configuration.explanationTTLSeconds,
            limiter: RateLimiter(redis: cache, name: "ratelimit:ai", limit: configuration.aiRateLimitPerMinute, window: .seconds(60)),
            usage: usage, logger: logger)
        startedAt = .now
        startDate = Date()
    }

    /// Services to run beside the HTTP server; each closes its pool on graceful shutdown.
    /// They stop in reverse order, so the usage log writes its last rows before the
    /// PostgreSQL pool closes.
    public var services: [any Service] { [database, usage, cache, queue] }

    /// Seconds since the process started.
    public var uptimeSeconds: Double {
        let (seconds, attoseconds) = (ContinuousClock.now - startedAt).components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
