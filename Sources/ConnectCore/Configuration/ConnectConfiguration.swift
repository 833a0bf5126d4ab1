import Configuration
import Logging
import SystemPackage

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
    /// Bytes of cached values also kept in this process (``NearCache``), in MiB; 0 turns it off.
    public var nearCacheMegabytes: Int
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
    /// Whether `connect serve` makes NIO's event loops Swift's global executor, so a request's
    /// task runs on the thread its connection's I/O runs on (`TASKS_ON_EVENT_LOOPS`, on by
    /// default; docs/BENCHMARKS.md).
    public var tasksOnEventLoops: Bool
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

    /// Reads the configuration from `environment` (variables named as in ``ConfigurationVariable/all``),
    /// falling back to the table's defaults. Throws ``ConfigurationError`` naming the variable when a
    /// value is malformed, or when the signing secret is a placeholder or the development secret
    /// off loopback.
    ///
    /// Secrets (`JWT_SECRET`, `ANTHROPIC_API_KEY` and the URLs, which may hold passwords) may
    /// instead come from the file a `NAME_FILE` variable names.
    public init(environment: [String: String], hostName: String = "localhost") throws {
        let provider = EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: Self.secrets)
        try self.init(reader: EnvironmentReader(ConfigReader(provider: provider)), hostName: hostName)
    }

    /// The configuration as `connect` reads it: the process environment, then the `.env` file at
    /// `environmentFile` when there is one (the environment wins), through swift-configuration.
    /// - Parameter accessReporter: told of every value read, secrets as `<REDACTED>` (an
    ///   `AccessLogger` logs where each value came from).
    public static func load(
        environment: [String: String], environmentFile: String = ".env", hostName: String,
        accessReporter: (any AccessReporter)? = nil
    ) async throws -> ConnectConfiguration {
        let file: EnvironmentVariablesProvider
        do {
            file = try await EnvironmentVariablesProvider(
                environmentFilePath: FilePath(environmentFile), allowMissing: true, secretsSpecifier: secrets)
        } catch {
            throw ConfigurationError(variable: environmentFile, reason: "cannot be read as KEY=value lines: \(error)")
        }
        let providers: [any ConfigProvider] = [
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: secrets), file,
        ]
        return try ConnectConfiguration(
            reader: EnvironmentReader(ConfigReader(providers: providers, accessReporter: accessReporter)), hostName: hostName)
    }

    /// The variables whose values are never shown.
    static let secrets = SecretsSpecifier<String, String>.specific(Set(ConfigurationVariable.all.filter(\.isSecret).map(\.name)))

    init(reader: EnvironmentReader, hostName: String) throws {
        typealias Variable = ConfigurationVariable
        host = reader.string(Variable.host)
        port = try reader.int(Variable.port)
        httpIdleTimeoutSeconds = try reader.int(Variable.httpIdleTimeoutSeconds)
        httpHeadTimeoutSeconds = try reader.int(Variable.httpHeadTimeoutSeconds)
        httpBodyTimeoutSeconds = try reader.int(Variable.httpBodyTimeoutSeconds)
        httpMaxConnections = try reader.int(Variable.httpMaxConnections)
        tasksOnEventLoops = try reader.flag(Variable.tasksOnEventLoops)
        databaseURL = try reader.secretOrDefault(Variable.databaseURL)
        redisCacheURL = try reader.secretOrDefault(Variable.redisCacheURL)
        redisQueueURL = try reader.secretOrDefault(Variable.redisQueueURL)
        jwtSecret = try reader.secret(Variable.jwtSecret) ?? Self.devJWTSecret
        guard jwtSecret.utf8.count >= 32 else {
            throw ConfigurationError(variable: "JWT_SECRET", reason: "must be at least 32 bytes for HS256")
        }
        guard !Self.isPlaceholder(jwtSecret) else {
            throw ConfigurationError(variable: "JWT_SECRET", reason: "is a placeholder from an example file; generate one with `openssl rand -hex 32`")
        }
        anthropicAPIKey = try reader.secret(Variable.anthropicAPIKey)
        anthropicBaseURL = reader.string(Variable.anthropicBaseURL)
        anthropicModel = reader.string(Variable.anthropicModel)
        databasePoolSize = try reader.int(Variable.databasePoolSize)
        redisPoolSize = try reader.int(Variable.redisPoolSize)
        aiTimeoutMilliseconds = try reader.int(Variable.aiTimeoutMilliseconds)
        breakerFailures = try reader.int(Variable.breakerFailures)
        breakerOpenSeconds = try reader.int(Variable.breakerOpenSeconds)
        explanationTTLSeconds = try reader.int(Variable.explanationTTLSeconds)
        explanationPrewarmCount = try reader.int(Variable.explanationPrewarmCount)
        matchListCacheTTLSeconds = try reader.int(Variable.matchListCacheTTLSeconds)
        programCacheTTLSeconds = try reader.int(Variable.programCacheTTLSeconds)
        nearCacheMegabytes = try reader.int(Variable.nearCacheMegabytes)
        aiRateLimitPerMinute = try reader.int(Variable.aiRateLimitPerMinute)
        chatRateLimitPerMinute = try reader.int(Variable.chatRateLimitPerMinute)
        chatCacheTTLSeconds = try reader.int(Variable.chatCacheTTLSeconds)
        loginRateLimitPerMinute = try reader.int(Variable.loginRateLimitPerMinute)
        registrationRateLimitPerHour = try reader.int(Variable.registrationRateLimitPerHour)
        identityCacheSeconds = try reader.int(Variable.identityCacheSeconds)
        aiDailyBudgetKRW = try reader.int(Variable.aiDailyBudgetKRW)
        if let text = reader.optionalString(Variable.aiPrices) {
            guard let table = ModelPriceTable(parsing: text) else {
                throw ConfigurationError(variable: "AI_PRICES_KRW", reason: "expected model=input/output pairs, e.g. claude-sonnet-4-5=3.90/19.50")
            }
            aiPrices = table
        } else {
            aiPrices = .standard
        }
        aiUpstreamCallsPerMinute = try reader.int(Variable.aiUpstreamCallsPerMinute)
        logLevel = try reader.logLevel(Variable.logLevel)
        instance = reader.optionalString(Variable.instance) ?? hostName
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
}
