import Logging

/// Everything the server reads from its environment, read once at start-up and passed down.
///
/// With nothing set, the URLs point at the dev stack (`connect-dev up`).
public struct ConnectConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Seconds a keep-alive connection may wait for its next request.
    public var httpIdleTimeoutSeconds: Int
    /// Seconds from a request's first byte to the end of its head.
    public var httpHeadTimeoutSeconds: Int
    /// Seconds from a request's head to the end of its body.
    public var httpBodyTimeoutSeconds: Int
    /// Open client connections past which new ones are answered 503 and closed.
    public var httpMaxConnections: Int
    public var databaseURL: String
    public var redisCacheURL: String
    public var redisQueueURL: String
    public var jwtSecret: String
    public var anthropicAPIKey: String?
    public var anthropicBaseURL: String
    public var anthropicModel: String
    public var databasePoolSize: Int
    public var redisPoolSize: Int
    public var aiTimeoutMilliseconds: Int
    public var breakerFailures: Int
    public var breakerOpenSeconds: Int
    public var explanationTTLSeconds: Int
    /// How long a page of an organization's match list is served from the cache (changes drop it sooner).
    public var matchListCacheTTLSeconds: Int
    /// How long a page of program search results is served from the cache.
    public var programCacheTTLSeconds: Int
    /// How many of an organization's best matches get their explanation written after a generation.
    public var explanationPrewarmCount: Int
    public var aiRateLimitPerMinute: Int
    public var chatRateLimitPerMinute: Int
    /// How long a cached chat answer is served (answers also change with the day and the programs).
    public var chatCacheTTLSeconds: Int
    /// Sign-in attempts per client address per minute.
    public var loginRateLimitPerMinute: Int
    /// Registration attempts per client address per hour.
    public var registrationRateLimitPerHour: Int
    /// How long an account looked up for a token is trusted: the longest a deleted, demoted or
    /// signed-out-everywhere account's tokens keep working on another instance.
    public var identityCacheSeconds: Int
    public var aiDailyBudgetKRW: Int
    /// Won per 1,000 input and output tokens, per model (`AI_PRICES_KRW`).
    public var aiPrices: ModelPriceTable
    /// Upstream model calls per minute across all instances, past which answers fall back.
    public var aiUpstreamCallsPerMinute: Int
    public var logLevel: Logger.Level
    /// Name of this instance in health output and logs (`INSTANCE_ID`, else the host name).
    public var instance: String

    /// The dev stack's database URL.
    public static let devDatabaseURL = "postgresql://connect@127.0.0.1:5433/connect?sslmode=disable"
    /// The dev stack's cache instance.
    public static let devRedisCacheURL = "redis://127.0.0.1:6380"
    /// The dev stack's queue instance.
    public static let devRedisQueueURL = "redis://127.0.0.1:6381"
    /// The secret used when `JWT_SECRET` is not set. It is in the source, so anyone can sign
    /// tokens with it: it serves only a server bound to loopback (``checkSecretAllowsBinding()``).
    public static let devJWTSecret = "connect-dev-secret-change-me-0123456789abcdef"

    /// Reads the configuration from environment variables, falling back to the defaults.
    /// Throws ``ConfigurationError`` naming the variable when a value is malformed, or when the
    /// signing secret is a placeholder or the development secret off loopback.
    ///
    /// Secrets (`JWT_SECRET`, `ANTHROPIC_API_KEY` and the URLs, which may hold passwords) may
    /// instead come from the file a `NAME_FILE` variable names.
    public init(environment: [String: String], hostName: String = "localhost") throws {
        try self.init(reader: EnvironmentReader(environment), hostName: hostName)
    }

    init(reader: EnvironmentReader, hostName: String) throws {
        host = reader.string("HOST", default: "127.0.0.1")
        port = try reader.int("PORT", default: 3000, range: 0...65535)
        httpIdleTimeoutSeconds = try reader.int("HTTP_IDLE_TIMEOUT_SECONDS", default: 75, range: 1...3600)
        httpHeadTimeoutSeconds = try reader.int("HTTP_HEAD_TIMEOUT_SECONDS", default: 10, range: 1...600)
        httpBodyTimeoutSeconds = try reader.int("HTTP_BODY_TIMEOUT_SECONDS", default: 30, range: 1...3600)
        httpMaxConnections = try reader.int("HTTP_MAX_CONNECTIONS", default: 4096, range: 1...1_000_000)
        databaseURL = try reader.secret("DATABASE_URL") ?? Self.devDatabaseURL
        redisCacheURL = try reader.secret("REDIS_CACHE_URL") ?? Self.devRedisCacheURL
        redisQueueURL = try reader.secret("REDIS_QUEUE_URL") ?? Self.devRedisQueueURL
        jwtSecret = try reader.secret("JWT_SECRET") ?? Self.devJWTSecret
        guard jwtSecret.utf8.count >= 32 else {
            throw ConfigurationError(variable: "JWT_SECRET", reason: "must be at least 32 bytes for HS256")
        }
        guard !Self.isPlaceholder(jwtSecret) else {
            throw ConfigurationError(variable: "JWT_SECRET", reason: "is a placeholder from an example file; generate one with `openssl rand -hex 32`")
        }
        anthropicAPIKey = try reader.secret("ANTHROPIC_API_KEY")
        anthropicBaseURL = reader.string("ANTHROPIC_BASE_URL", default: "https://api.anthropic.com")
        anthropicModel = reader.string("ANTHROPIC_MODEL", default: "claude-sonnet-4-5")
        databasePoolSize = try reader.int("DB_POOL_SIZE", default: 10, range: 1...200)
        redisPoolSize = try reader.int("REDIS_POOL_SIZE", default: 10, range: 1...200)
        aiTimeoutMilliseconds = try reader.int("AI_TIMEOUT_MS", default: 30_000, range: 100...600_000)
        breakerFailures = try reader.int("BREAKER_FAILURES", default: 5, range: 1...1000)
        breakerOpenSeconds = try reader.int("BREAKER_OPEN_SECONDS", default: 30, range: 1...86_400)
        explanationTTLSeconds = try reader.int("EXPLANATION_TTL_SECONDS", default: 86_400, range: 1...31_536_000)
        explanationPrewarmCount = try reader.int("EXPLANATION_PREWARM_COUNT", default: 3, range: 0...100)
        matchListCacheTTLSeconds = try reader.int("MATCH_LIST_CACHE_TTL_SECONDS", default: 300, range: 1...86_400)
        programCacheTTLSeconds = try reader.int("PROGRAM_CACHE_TTL_SECONDS", default: 60, range: 1...86_400)
        aiRateLimitPerMinute = try reader.int("AI_RATE_LIMIT_PER_MINUTE", default: 30, range: 1...100_000)
        chatRateLimitPerMinute = try reader.int("CHAT_RATE_LIMIT_PER_MINUTE", default: 10, range: 1...100_000)
        chatCacheTTLSeconds = try reader.int("CHAT_CACHE_TTL_SECONDS", default: 3600, range: 1...31_536_000)
        loginRateLimitPerMinute = try reader.int("LOGIN_RATE_LIMIT_PER_MINUTE", default: 30, range: 1...100_000)
        registrationRateLimitPerHour = try reader.int("REGISTRATION_RATE_LIMIT_PER_HOUR", default: 20, range: 1...1_000_000)
        identityCacheSeconds = try reader.int("IDENTITY_CACHE_SECONDS", default: 5, range: 0...300)
        aiDailyBudgetKRW = try reader.int("AI_DAILY_BUDGET_KRW", default: 50_000, range: 0...1_000_000_000)
        if let text = reader.optionalString("AI_PRICES_KRW") {
            guard let table = ModelPriceTable(parsing: text) else {
                throw ConfigurationError(variable: "AI_PRICES_KRW", reason: "expected model=input/output pairs, e.g. claude-sonnet-4-5=3.90/19.50")
            }
            aiPrices = table
        } else {
            aiPrices = .standard
        }
        aiUpstreamCallsPerMinute = try reader.int("AI_UPSTREAM_CALLS_PER_MINUTE", default: 600, range: 1...1_000_000)
        logLevel = try reader.logLevel("LOG_LEVEL", default: .info)
        instance = reader.string("INSTANCE_ID", default: hostName)
        try checkSecretAllowsBinding()
    }

    /// Whether the JWT secret is the built-in development one.
    public var usesDevelopmentSecret: Bool { jwtSecret == Self.devJWTSecret }

    /// Refuses the development secret unless the server listens on loopback only: anywhere else
    /// anyone who read the source could sign an ADMIN token. Called again after `--host` overrides.
    public func checkSecretAllowsBinding() throws {
        guard usesDevelopmentSecret, !Self.isLoopback(host) else { return }
        throw ConfigurationError(
            variable: "JWT_SECRET",
            reason: "must be set when listening on \(host): the development secret serves only 127.0.0.1, ::1 or localhost (`openssl rand -hex 32`)")
    }

    /// Values of example files (`.env.example`) and common stand-ins, never a real secret.
    static func isPlaceholder(_ secret: String) -> Bool {
        let lowered = secret.lowercased()
        return lowered.hasPrefix("replace-with") || lowered.contains("changeme") || lowered.hasPrefix("your-") || lowered.hasPrefix("<")
    }

    /// Whether `host` is a loopback address or name (nothing off the machine can connect).
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare.lowercased() == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Every variable the server reads, with its default, for `--help` and the README.
    public static let variables: [(name: String, defaultValue: String, meaning: String)] = [
        ("PORT", "3000", "HTTP port"),
        ("HOST", "127.0.0.1", "address to bind"),
        ("HTTP_IDLE_TIMEOUT_SECONDS", "75", "how long a keep-alive connection may wait for its next request (longer than a proxy's 60 s upstream keep-alive)"),
        ("HTTP_HEAD_TIMEOUT_SECONDS", "10", "from a request's first byte to the end of its head (then 408 and close)"),
        ("HTTP_BODY_TIMEOUT_SECONDS", "30", "from a request's head to the end of its body (then 408 and close)"),
        ("HTTP_MAX_CONNECTIONS", "4096", "open client connections; past it a new one is answered 503 and closed"),
        ("DATABASE_URL", devDatabaseURL, "PostgreSQL URL (or DATABASE_URL_FILE)"),
        ("REDIS_CACHE_URL", devRedisCacheURL, "Redis cache instance (or REDIS_CACHE_URL_FILE)"),
        ("REDIS_QUEUE_URL", devRedisQueueURL, "Redis queue instance (or REDIS_QUEUE_URL_FILE)"),
        ("JWT_SECRET", "(development secret, loopback only)", "HS256 signing secret, at least 32 bytes (or JWT_SECRET_FILE)"),
        ("ANTHROPIC_API_KEY", "(unset: offline model)", "Anthropic API key (or ANTHROPIC_API_KEY_FILE)"),
        ("ANTHROPIC_BASE_URL", "https://api.anthropic.com", "Messages API base URL"),
        ("ANTHROPIC_MODEL", "claude-sonnet-4-5", "model name"),
        ("DB_POOL_SIZE", "10", "PostgreSQL connections, shared (pipelined) by all requests"),
        ("REDIS_POOL_SIZE", "10", "connections per Redis instance"),
        ("AI_TIMEOUT_MS", "30000", "upstream model timeout"),
        ("BREAKER_FAILURES", "5", "consecutive failures that open the breaker"),
        ("BREAKER_OPEN_SECONDS", "30", "open period before a half-open probe"),
        ("EXPLANATION_TTL_SECONDS", "86400", "explanation cache lifetime"),
        ("EXPLANATION_PREWARM_COUNT", "3", "best matches explained ahead after a generation"),
        ("MATCH_LIST_CACHE_TTL_SECONDS", "300", "match-list cache lifetime (changes drop an organization's lists at once)"),
        ("PROGRAM_CACHE_TTL_SECONDS", "60", "program search cache lifetime"),
        ("AI_RATE_LIMIT_PER_MINUTE", "30", "uncached explanations per user per minute"),
        ("CHAT_RATE_LIMIT_PER_MINUTE", "10", "chat messages per user per minute"),
        ("CHAT_CACHE_TTL_SECONDS", "3600", "chat answer cache lifetime"),
        ("LOGIN_RATE_LIMIT_PER_MINUTE", "30", "sign-in attempts per client address per minute"),
        ("REGISTRATION_RATE_LIMIT_PER_HOUR", "20", "registration attempts per client address per hour"),
        ("IDENTITY_CACHE_SECONDS", "5", "how long a token's account is trusted before it is read again"),
        ("AI_DAILY_BUDGET_KRW", "50000", "daily upstream spend before fallback"),
        ("AI_PRICES_KRW", "(₩3.90/₩19.50 for every model)", "model=input/output won per 1K tokens, comma-separated"),
        ("AI_UPSTREAM_CALLS_PER_MINUTE", "600", "upstream model calls per minute (all instances) before fallback"),
        ("LOG_LEVEL", "info", "trace, debug, info, notice, warning, error, critical"),
        ("INSTANCE_ID", "(host name)", "instance name in health output"),
    ]
}
