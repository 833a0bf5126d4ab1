import AsyncHTTPClient
import ConnectionPooling
import Foundation
import Logging
import PostgresClient
import RedisClient
import ServiceLifecycle

/// The one wiring point of a server or worker process: the long-lived clients (PostgreSQL and
/// the two Redis instances), built once from the configuration and shut down with the process,
/// and every service and repository the routes and the worker use, built over them with the
/// configuration's TTLs, limits and namespaces. The HTTP layer (`ConnectAPI`) gets the services
/// only; the pools are visible inside the package (the tests read and write through them).
public struct PlatformDependencies: Sendable {
    public let configuration: ConnectConfiguration
    package let database: PostgresPool
    package let cache: RedisPool
    package let queue: RedisPool
    public let health: HealthMonitor
    /// `ai_usage` rows, written behind the requests.
    public let usage: UsageLog
    /// The language model every AI answer of this process goes through: the Anthropic client
    /// behind a breaker and a cost guard when `ANTHROPIC_API_KEY` is set, else the offline model.
    public let model: any LanguageModel
    /// The breaker around the remote model; `nil` with the offline model.
    public let breaker: CircuitBreaker?
    /// The outbound HTTP client of the remote model, shut down with the process.
    private let upstreamHTTP: HTTPClient?
    /// The cache instance's values kept in this process, and the subscription that keeps them
    /// fresh (`nil` with `NEAR_CACHE_MB=0`): match lists, program searches, explanations and chat
    /// answers are served without a round trip until Redis reports a change.
    package let nearCache: NearCache?
    private let nearCacheSubscription: RedisInvalidationSubscription?
    /// Match explanations, shared by the API and the worker's cache warming.
    public let explanations: ExplanationService
    /// The assistant, with its answer cache.
    public let chat: ChatService
    /// Matches as members use them, with the match-list cache they keep fresh.
    public let matches: MatchService
    /// Accounts.
    public let users: UserRepository
    /// The program catalogue, and its search pages' cache (`cache:programs`).
    public let programs: ProgramRepository
    public let programSearchCache: RedisCache
    public let organizations: OrganizationRepository
    public let savedPrograms: SavedProgramRepository
    public let feedback: FeedbackRepository
    public let jobs: JobRepository
    /// Sign-in attempts per client address per minute (`ratelimit:login`).
    public let loginLimiter: RateLimiter
    /// Registration attempts per client address per hour (`ratelimit:register`).
    public let registrationLimiter: RateLimiter
    /// When this process started, for `uptime`.
    public let startDate: Date
    /// The daily AI budget and today's spend (the cost guard of the remote model).
    public let budget: UpstreamBudget

    /// - Parameters:
    ///   - tracing: whether tracing is on: statements and commands become spans.
    ///   - breakerClock: the breaker's clock; tests step their own.
    public init(
        configuration: ConnectConfiguration, tracing: Bool = false, logger: Logger,
        breakerClock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.configuration = configuration
        var databaseConfiguration = PostgresConfiguration(url: configuration.databaseURL, poolSize: configuration.databasePoolSize)
        databaseConfiguration.observer = PoolMetrics(pool: "database", commands: PoolMetrics.postgresStatements, traces: tracing)
        database = PostgresPool(configuration: databaseConfiguration, logger: logger)
        var cacheConfiguration = RedisConfiguration(url: configuration.redisCacheURL, poolSize: configuration.redisPoolSize, label: "redis-cache")
        cacheConfiguration.observer = PoolMetrics(pool: "redis_cache", commands: PoolMetrics.redisCommands, traces: tracing)
        cache = RedisPool(configuration: cacheConfiguration, logger: logger)
        let near = configuration.nearCacheMegabytes > 0
            ? NearCache(maxBytes: configuration.nearCacheMegabytes << 20, maxAge: .seconds(60)) : nil
        nearCache = near
        nearCacheSubscription = near.map {
            RedisInvalidationSubscription(configuration: cacheConfiguration, prefixes: CacheNamespace.nearCached.map(RedisCache.keyPrefix), listener: $0, logger: logger)
        }
        var queueConfiguration = RedisConfiguration(url: configuration.redisQueueURL, poolSize: configuration.redisPoolSize, label: "redis-queue")
        queueConfiguration.observer = PoolMetrics(pool: "redis_queue", commands: PoolMetrics.redisCommands, traces: tracing)
        queue = RedisPool(configuration: queueConfiguration, logger: logger)
        health = HealthMonitor(database: database, cache: cache, queue: queue)
        usage = UsageLog(database: database, logger: logger)
        // The cost guard; with the offline model it only reports today's spend (metrics).
        let budget = UpstreamBudget(
            database: database, dailyLimitKRW: configuration.aiDailyBudgetKRW,
            limiter: RateLimiter(redis: cache, name: "ratelimit:upstream", limit: configuration.aiUpstreamCallsPerMinute, window: .seconds(60)),
            logger: logger)
        self.budget = budget
        let chosen: any LanguageModel
        if let apiKey = configuration.anthropicAPIKey {
            let timeout = Duration.milliseconds(configuration.aiTimeoutMilliseconds)
            let http = AnthropicClient.makeHTTPClient(timeout: timeout)
            let client = AnthropicClient(
                configuration: .init(
                    baseURL: configuration.anthropicBaseURL, apiKey: apiKey, model: configuration.anthropicModel, timeout: timeout),
                http: http, logger: logger)
            let breaker = CircuitBreaker(
                failureThreshold: configuration.breakerFailures, openDuration: .seconds(configuration.breakerOpenSeconds),
                now: breakerClock)
            chosen = ResilientLanguageModel(remote: AnthropicLanguageModel(client: client), breaker: breaker, budget: budget, logger: logger)
            self.breaker = breaker
            upstreamHTTP = http
        } else {
            chosen = OfflineLanguageModel()
            breaker = nil
            upstreamHTTP = nil
        }
        if tracing {
            // Each model call a span, with what it cost and the breaker's state.
            let breaker = self.breaker
            model = TracedLanguageModel(chosen, prices: configuration.aiPrices) { breaker?.state ?? .closed }
        } else {
            model = chosen
        }
        explanations = ExplanationService(
            matches: MatchRepository(database: database), organizations: OrganizationRepository(database: database),
            model: model, prices: configuration.aiPrices, cache: cache, near: near, ttlSeconds: configuration.explanationTTLSeconds,
            limiter: RateLimiter(redis: cache, name: "ratelimit:ai", limit: configuration.aiRateLimitPerMinute, window: .seconds(60)),
            usage: usage, logger: logger)
        users = UserRepository(database: database)
        programs = ProgramRepository(database: database)
        programSearchCache = RedisCache(
            redis: cache, namespace: CacheNamespace.programSearches, ttlSeconds: configuration.programCacheTTLSeconds, near: near, logger: logger)
        organizations = OrganizationRepository(database: database)
        savedPrograms = SavedProgramRepository(database: database)
        feedback = FeedbackRepository(database: database)
        jobs = JobRepository(database: database)
        loginLimiter = RateLimiter(redis: cache, name: "ratelimit:login", limit: configuration.loginRateLimitPerMinute, window: .seconds(60))
        registrationLimiter = RateLimiter(
            redis: cache, name: "ratelimit:register", limit: configuration.registrationRateLimitPerHour, window: .seconds(3600))
        matches = MatchService(
            matches: MatchRepository(database: database), saved: savedPrograms, explanations: explanations,
            lists: RedisCache(
                redis: cache, namespace: CacheNamespace.matchLists, ttlSeconds: configuration.matchListCacheTTLSeconds, near: near, logger: logger))
        chat = ChatService(
            database: database, model: model, prices: configuration.aiPrices,
            limiter: RateLimiter(redis: cache, name: "ratelimit:chat", limit: configuration.chatRateLimitPerMinute, window: .seconds(60)),
            cache: cache, near: near, cacheTTLSeconds: configuration.chatCacheTTLSeconds, usage: usage, logger: logger)
        startDate = Date()
        PlatformMetrics.declareSeries(provider: model.provider)
    }

    /// Services to run beside the HTTP server; each closes its pool on graceful shutdown.
    /// They stop in reverse order, so the usage log writes its last rows before the
    /// PostgreSQL pool closes.
    public var services: [any Service] {
        [database, usage, cache, queue] + (nearCacheSubscription.map { [$0] } ?? [])
            + (upstreamHTTP.map { [HTTPClientService(client: $0)] } ?? [])
    }

    /// The breaker's state for headers, metrics and the admin stats (closed with the offline model).
    public var circuitState: CircuitBreaker.State { breaker?.state ?? .closed }

    /// The AI usage figures of the last `days` days, with the rows still queued in this process.
    public func usageStatistics(days: Int) async throws -> UsageStatistics {
        await usage.flush()
        return try await UsageStatistics.load(from: database, days: days)
    }

    /// Refreshes the gauges read at scrape time: each pool's connections and waiters, the
    /// queue's length and pending entries, the near cache's state and size, the breaker's state
    /// and today's AI spend.
    public func recordGauges() async {
        let pools = [("database", database.statistics), ("redis_cache", cache.statistics), ("redis_queue", queue.statistics)]
        for (name, statistics) in pools {
            PlatformMetrics.gauge("connect_pool_connections_in_use", statistics.inUse, dimensions: [("pool", name)])
            PlatformMetrics.gauge("connect_pool_connections_open", statistics.open, dimensions: [("pool", name)])
            PlatformMetrics.gauge("connect_pool_waiters", statistics.waiters, dimensions: [("pool", name)])
        }
        if let depth = try? await jobQueue.depth() {
            PlatformMetrics.gauge("connect_queue_length", depth.length)
            PlatformMetrics.gauge("connect_queue_pending", depth.pending)
        }
        if let nearCache {
            PlatformMetrics.gauge("connect_near_cache_up", nearCache.isLive ? 1 : 0)
            PlatformMetrics.gauge("connect_near_cache_bytes", nearCache.occupancy.bytes)
        }
        PlatformMetrics.breaker(circuitState)
        PlatformMetrics.budget(spentKRW: await budget.spentToday(), limitKRW: budget.dailyLimitKRW)
    }
}
