extension ConfigurationVariable {
    static let port = int("PORT", "3000", in: 0...65535, "HTTP port")
    static let host = text("HOST", "127.0.0.1", "address to bind")
    static let httpIdleTimeoutSeconds = int(
        "HTTP_IDLE_TIMEOUT_SECONDS", "75", in: 1...3600,
        "how long a keep-alive connection may wait for its next request (longer than a proxy's 60 s upstream keep-alive)")
    static let httpHeadTimeoutSeconds = int(
        "HTTP_HEAD_TIMEOUT_SECONDS", "10", in: 1...600, "from a request's first byte to the end of its head (then 408 and close)")
    static let httpBodyTimeoutSeconds = int(
        "HTTP_BODY_TIMEOUT_SECONDS", "30", in: 1...3600, "from a request's head to the end of its body (then 408 and close)")
    static let httpMaxConnections = int(
        "HTTP_MAX_CONNECTIONS", "4096", in: 1...1_000_000, "open client connections; past it a new one is answered 503 and closed")
    static let tasksOnEventLoops = flag(
        "TASKS_ON_EVENT_LOOPS", true,
        "run Swift tasks on NIO's event loops: a request's task resumes on the loop that read its reply (false: on Swift's own pool; every request starts on its connection's loop either way)")
    static let databaseURL = secret("DATABASE_URL", .value(ConnectConfiguration.devDatabaseURL), "PostgreSQL URL (or DATABASE_URL_FILE)")
    static let redisCacheURL = secret("REDIS_CACHE_URL", .value(ConnectConfiguration.devRedisCacheURL), "Redis cache instance (or REDIS_CACHE_URL_FILE)")
    static let redisQueueURL = secret("REDIS_QUEUE_URL", .value(ConnectConfiguration.devRedisQueueURL), "Redis queue instance (or REDIS_QUEUE_URL_FILE)")
    static let jwtSecret = secret(
        "JWT_SECRET", .described("(development secret, loopback only)"), "HS256 signing secret, at least 32 bytes (or JWT_SECRET_FILE)")
    static let anthropicAPIKey = secret("ANTHROPIC_API_KEY", .described("(unset: offline model)"), "Anthropic API key (or ANTHROPIC_API_KEY_FILE)")
    static let anthropicBaseURL = text("ANTHROPIC_BASE_URL", "https://api.anthropic.com", "Messages API base URL")
    static let anthropicModel = text("ANTHROPIC_MODEL", "claude-sonnet-4-5", "model name")
    static let databasePoolSize = int("DB_POOL_SIZE", "10", in: 1...200, "PostgreSQL connections, shared (pipelined) by all requests")
    static let redisPoolSize = int("REDIS_POOL_SIZE", "10", in: 1...200, "connections per Redis instance")
    static let aiTimeoutMilliseconds = int("AI_TIMEOUT_MS", "30000", in: 100...600_000, "upstream model timeout")
    static let breakerFailures = int("BREAKER_FAILURES", "5", in: 1...1000, "consecutive failures that open the breaker")
    static let breakerOpenSeconds = int("BREAKER_OPEN_SECONDS", "30", in: 1...86_400, "open period before a half-open probe")
    static let explanationTTLSeconds = int("EXPLANATION_TTL_SECONDS", "86400", in: 1...31_536_000, "explanation cache lifetime")
    static let explanationPrewarmCount = int(
        "EXPLANATION_PREWARM_COUNT", "3", in: 0...100, "best matches explained ahead after a generation")
    static let matchListCacheTTLSeconds = int(
        "MATCH_LIST_CACHE_TTL_SECONDS", "300", in: 1...86_400,
        "match-list cache lifetime (changes drop an organization's lists at once)")
    static let programCacheTTLSeconds = int("PROGRAM_CACHE_TTL_SECONDS", "60", in: 1...86_400, "program search cache lifetime")
    static let nearCacheMegabytes = int(
        "NEAR_CACHE_MB", "64", in: 0...65_536,
        "cached values also kept in this process until Redis reports a change (0: every read goes to Redis)")
    static let aiRateLimitPerMinute = int("AI_RATE_LIMIT_PER_MINUTE", "30", in: 1...100_000, "uncached explanations per user per minute")
    static let chatRateLimitPerMinute = int("CHAT_RATE_LIMIT_PER_MINUTE", "10", in: 1...100_000, "chat messages per user per minute")
    static let chatCacheTTLSeconds = int("CHAT_CACHE_TTL_SECONDS", "3600", in: 1...31_536_000, "chat answer cache lifetime")
    static let loginRateLimitPerMinute = int(
        "LOGIN_RATE_LIMIT_PER_MINUTE", "30", in: 1...100_000, "sign-in attempts per client address per minute")
    static let registrationRateLimitPerHour = int(
        "REGISTRATION_RATE_LIMIT_PER_HOUR", "20", in: 1...1_000_000, "registration attempts per client address per hour")
    static let identityCacheSeconds = int(
        "IDENTITY_CACHE_SECONDS", "5", in: 0...300, "how long a token's account is trusted before it is read again")
    static let aiDailyBudgetKRW = int("AI_DAILY_BUDGET_KRW", "50000", in: 0...1_000_000_000, "daily upstream spend before fallback")
    static let aiPrices = optional(
        "AI_PRICES_KRW", unset: "(₩3.90/₩19.50 for every model)", "model=input/output won per 1K tokens, comma-separated")
    static let aiUpstreamCallsPerMinute = int(
        "AI_UPSTREAM_CALLS_PER_MINUTE", "600", in: 1...1_000_000, "upstream model calls per minute (all instances) before fallback")
    static let logLevel = text("LOG_LEVEL", "info", "trace, debug, info, notice, warning, error, critical")
    static let instance = optional("INSTANCE_ID", unset: "(host name)", "instance name in health output")

    /// Every variable the server reads, in the order `--help` lists them.
    public static let all: [ConfigurationVariable] = [
        port, host, httpIdleTimeoutSeconds, httpHeadTimeoutSeconds, httpBodyTimeoutSeconds, httpMaxConnections, tasksOnEventLoops,
        databaseURL, redisCacheURL, redisQueueURL, jwtSecret, anthropicAPIKey, anthropicBaseURL, anthropicModel,
        databasePoolSize, redisPoolSize, aiTimeoutMilliseconds, breakerFailures, breakerOpenSeconds,
        explanationTTLSeconds, explanationPrewarmCount, matchListCacheTTLSeconds, programCacheTTLSeconds, nearCacheMegabytes,
        aiRateLimitPerMinute, chatRateLimitPerMinute, chatCacheTTLSeconds, loginRateLimitPerMinute,
        registrationRateLimitPerHour, identityCacheSeconds, aiDailyBudgetKRW, aiPrices, aiUpstreamCallsPerMinute,
        logLevel, instance,
    ]
}
