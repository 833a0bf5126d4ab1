import AsyncHTTPClient
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
    /// The language model every AI answer of this process goes through: the Anthropic client
    /// behind a breaker and a cost guard when `ANTHROPIC_API_KEY` is set, else the offline model.
    public let model: any LanguageModel
    /// The breaker around the remote model; `nil` with the offline model.
    public let breaker: CircuitBreaker?
    /// The outbound HTTP client of the remote model, shut down with the process.
    private let upstreamHTTP: HTTPClient?
    /// Match explanations, shared by the API and the worker's cache warming.
    public let explanations: ExplanationService
    /// The assistant, with its answer cache.
    public let chat: ChatService
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
            model: model, prices: configuration.aiPrices, cache: cache, ttlSeconds: configuration.explanationTTLSeconds,
            limiter: RateLimiter(redis: cache, name: "ratelimit:ai", limit: configuration.aiRateLimitPerMinute, window: .seconds(60)),
            usage: usage, logger: logger)
        chat = ChatService(
            database: database, model: model, prices: configuration.aiPrices,
            limiter: RateLimiter(redis: cache, name: "ratelimit:chat", limit: configuration.chatRateLimitPerMinute, window: .seconds(60)),
            cache: cache, cacheTTLSeconds: configuration.chatCacheTTLSeconds, usage: usage, logger: logger)
        startDate = Date()
        PlatformMetrics.declareSeries(provider: model.provider)
    }

    /// Services to run beside the HTTP server; each closes its pool on graceful shutdown.
    /// They stop in reverse order, so the usage log writes its last rows before the
    /// PostgreSQL pool closes.
    public var services: [any Service] {
        [database, usage, cache, queue] + (upstreamHTTP.map { [HTTPClientService(client: $0)] } ?? [])
    }

    /// The breaker's state for headers, metrics and the admin stats (closed with the offline model).
    public var circuitState: CircuitBreaker.State { breaker?.state ?? .closed }
}
