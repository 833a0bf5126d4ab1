import Foundation
import Logging
import RedisClient

/// Explains matches: from the cache when it can, else with one model call per key however many
/// callers miss at once, every answer written to `ai_usage`. Each caller that misses the cache
/// spends from its own per-user limit before it leads or joins a call, so one user's limit never
/// answers for another who shares the call.
public struct ExplanationService: Sendable {
    /// An explanation with the figures the API reports.
    public struct Result: Sendable {
        public var explanation: Explanation
        public var match: MatchSummary
        public var cached: Bool
        public var source: AnswerSource
        public var model: String
        public var costKRW: Double
        public var responseTimeMilliseconds: Int
        public var inputTokens: Int
        public var outputTokens: Int
        /// Whether this request was the match's first viewing (the match lists changed).
        public var firstView: Bool
    }

    /// Why no explanation was produced.
    public enum Failure: Error, Sendable {
        case rateLimited(RateLimiter.Decision)
        /// The organization (or the match) disappeared while the explanation was being written.
        case organizationNotFound
    }

    /// What the cache keeps per key.
    struct CachedReply: Codable, Sendable {
        var explanation: Explanation
        var source: AnswerSource
        var model: String
        var inputTokens: Int
        var outputTokens: Int
    }

    private let matches: MatchRepository
    private let organizations: OrganizationRepository
    private let model: any LanguageModel
    private let prices: ModelPriceTable
    private let cache: RedisCache
    private let limiter: RateLimiter
    private let usage: UsageLog
    private let logger: Logger
    /// In-flight model calls per key; the flag says whether the value came from the cache after all.
    private let flight = SingleFlight<String, Flight>()

    struct Flight: Sendable {
        var reply: ModelReply<Explanation>
        var fromCache: Bool
    }

    public init(
        matches: MatchRepository, organizations: OrganizationRepository, model: any LanguageModel, prices: ModelPriceTable,
        cache: RedisPool, near: NearCache? = nil, ttlSeconds: Int, limiter: RateLimiter, usage: UsageLog, logger: Logger
    ) {
        self.matches = matches
        self.organizations = organizations
        self.model = model
        self.prices = prices
        self.cache = RedisCache(redis: cache, namespace: CacheNamespace.explanations, name: "explanations", ttlSeconds: ttlSeconds, near: near, logger: logger)
        self.limiter = limiter
        self.usage = usage
        self.logger = logger
    }

    /// The explanation of one of the organization's matches (marking it viewed), or `nil` when
    /// the organization has no such match.
    public func explain(matchID: UUID, organizationID: UUID, userID: UUID, language: AnswerLanguage) async throws -> Result? {
        let started = ContinuousClock.now
        guard let viewed = try await matches.viewSummary(matchID, organizationID: organizationID) else { return nil }
        let (match, firstView) = (viewed.record, viewed.firstView)
        let key = Self.cacheKey(organizationID: organizationID, programID: match.programID, dataVersion: viewed.organizationDataVersion, language: language)

        if let cached = await cache.lookup(key, as: CachedReply.self) {
            PlatformMetrics.aiCall(provider: model.provider, outcome: "cached")
            let elapsed = Self.milliseconds(since: started)
            usage.record(.init(
                kind: .matchExplanation, provider: model.provider, model: cached.model, inputTokens: 0, outputTokens: 0,
                costKRW: 0, cacheHit: true, latencyMilliseconds: elapsed, outcome: .success, userID: userID))
            return Result(
                explanation: cached.explanation, match: match, cached: true, source: cached.source, model: cached.model,
                costKRW: 0, responseTimeMilliseconds: elapsed, inputTokens: cached.inputTokens, outputTokens: cached.outputTokens,
                firstView: firstView)
        }

        try await checkLimit(userID)
        let outcome: Flight
        let shared: Bool
        do {
            (outcome, shared) = try await flight.run(key: key) {
                try await produce(key: key, language: language) {
                    guard let organization = try await organizations.find(organizationID),
                        let record = try await matches.find(matchID, organizationID: organizationID)
                    else { throw Failure.organizationNotFound }
                    return (organization, record)
                }
            }
        } catch Failure.organizationNotFound {
            return nil
        }
        let reply = outcome.reply
        let reused = shared || outcome.fromCache
        PlatformMetrics.aiCall(provider: reply.provider, outcome: reused ? "shared" : (reply.source == .fallback ? "fallback" : "success"))
        let elapsed = Self.milliseconds(since: started)
        let cost = reused ? 0 : cost(of: reply)
        usage.record(.init(
            kind: .matchExplanation, provider: reply.provider, model: reply.model,
            inputTokens: reused ? 0 : reply.inputTokens, outputTokens: reused ? 0 : reply.outputTokens, costKRW: cost,
            cacheHit: reused, latencyMilliseconds: elapsed, outcome: reply.source == .fallback ? .fallback : .success, userID: userID))
        return Result(
            explanation: reply.content, match: match, cached: reused, source: reply.source, model: reply.model,
            costKRW: cost, responseTimeMilliseconds: elapsed, inputTokens: reply.inputTokens, outputTokens: reply.outputTokens,
            firstView: firstView)
    }

    /// Writes the explanations of the organization's best `count` matches into the cache ahead of
    /// their first request (cache warming after a generation). Matches are not marked viewed and
    /// no user's rate limit is spent; model calls are recorded in `ai_usage` without a user.
    /// Returns how many explanations were written; failures are logged, never thrown.
    @discardableResult
    public func prewarm(organizationID: UUID, count: Int, language: AnswerLanguage = .korean) async -> Int {
        guard count > 0 else { return 0 }
        var written = 0
        do {
            guard let (organization, dataVersion) = try await organizations.findWithVersion(organizationID) else { return 0 }
            let top = try await matches.list(organizationID: organizationID, status: nil, page: 1, limit: count).items
            for match in top {
                let started = ContinuousClock.now
                let key = Self.cacheKey(organizationID: organizationID, programID: match.program.id, dataVersion: dataVersion, language: language)
                if await cache.read(key, as: CachedReply.self) != nil { continue }
                let (outcome, shared) = try await flight.run(key: key) {
                    try await produce(key: key, language: language) { (organization, match) }
                }
                guard !shared, !outcome.fromCache else { continue }
                let reply = outcome.reply
                usage.record(.init(
                    kind: .matchExplanation, provider: reply.provider, model: reply.model, inputTokens: reply.inputTokens,
                    outputTokens: reply.outputTokens, costKRW: cost(of: reply), cacheHit: false,
                    latencyMilliseconds: Self.milliseconds(since: started), outcome: reply.source == .fallback ? .fallback : .success,
                    userID: nil))
                if reply.source != .fallback { written += 1 }
            }
        } catch {
            logger.warning("explanation prewarming stopped", metadata: ["organization": "\(organizationID)", "error": "\(error)"])
        }
        PlatformMetrics.aiCall(provider: model.provider, outcome: "prewarmed", count: written)
        return written
    }

    /// The body of a flight: the cache once more (another caller may have filled it between our
    /// miss and this flight), else one model call whose answer is cached unless it is a fallback.
    /// `admit` runs just before the model call: it reads the organization and the whole match.
    private func produce(
        key: String, language: AnswerLanguage, admit: () async throws -> (Organization, MatchRecord)
    ) async throws -> Flight {
        if let cached = await cache.read(key, as: CachedReply.self) {
            return Flight(
                reply: ModelReply(
                    content: cached.explanation, source: cached.source, provider: model.provider, model: cached.model,
                    inputTokens: cached.inputTokens, outputTokens: cached.outputTokens),
                fromCache: true)
        }
        let (organization, match) = try await admit()
        let reply = try await model.explain(ExplanationRequest(organization: organization, match: match, language: language, now: Date()))
        // Fallback answers stand in during an outage and are not worth keeping.
        if reply.source != .fallback {
            await cache.write(key, CachedReply(
                explanation: reply.content, source: reply.source, model: reply.model,
                inputTokens: reply.inputTokens, outputTokens: reply.outputTokens))
        }
        return Flight(reply: reply, fromCache: false)
    }

    /// The cache key (under `explanation:`): organization, program, the organization's data version and the language,
    /// so a profile change or a new match ranking never serves a stale explanation.
    static func cacheKey(organizationID: UUID, programID: UUID, dataVersion: Int, language: AnswerLanguage) -> String {
        "\(organizationID.uuidString.lowercased()):\(programID.uuidString.lowercased()):v\(dataVersion):\(language.rawValue)"
    }

    /// Korean won for a model call; offline answers cost nothing.
    private func cost(of reply: ModelReply<Explanation>) -> Double {
        prices.cost(of: reply)
    }

    /// Refuses past the per-user limit (counted per instance while the cache instance is down).
    private func checkLimit(_ userID: UUID) async throws {
        let decision = await limiter.check(userID.uuidString)
        guard decision.allowed else {
            PlatformMetrics.aiCall(provider: model.provider, outcome: "rate_limited")
            throw Failure.rateLimited(decision)
        }
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        (ContinuousClock.now - start).wholeMilliseconds
    }
}
