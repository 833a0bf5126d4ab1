import Foundation
import Logging
import PostgresClient
import RedisClient

/// The assistant: validates a question, retrieves programs for it, answers it (streaming) from
/// the answer cache or the model, and keeps the conversation, its messages and the usage in
/// PostgreSQL. Rate-limited per user (every message, cached or not: each is stored).
///
/// Questions whose answer does not read the conversation's history (a conversation's first
/// message, or any message when the model ignores history) are cached by ``ChatAnswerCache``;
/// concurrent misses for one key share one model call, whose text the first caller streams as it
/// is written and the others replay once it is done. Fallback answers (breaker open, budget
/// spent, upstream failing) are never cached.
public struct ChatService: Sendable {
    /// Why a message was refused.
    public enum Failure: Error, Sendable {
        case rateLimited(RateLimiter.Decision)
        /// The user has no conversation with this id.
        case conversationNotFound(UUID)
        /// The model's stream ended before its final reply.
        case incompleteAnswer
    }

    /// A question accepted and ready to be answered.
    public struct Turn: Sendable {
        public var conversationID: UUID
        public var request: ChatRequest
        public var sources: [UUID] { request.programs.map(\.id) }
        /// Whether the answer comes from the cache (known before it is streamed).
        public var cached: Bool { hit != nil }
        let userID: UUID
        let started: ContinuousClock.Instant
        /// The answer cache key, `nil` when the answer depends on the conversation's history.
        let cacheKey: String?
        let hit: ChatAnswerCache.Entry?
    }

    /// A finished, stored answer with its figures.
    public struct Answer: Sendable {
        public var conversationID: UUID
        public var messageID: UUID
        /// The question as it was stored (trimmed).
        public var question: String
        public var text: String
        public var sources: [UUID]
        public var source: AnswerSource
        public var model: String
        public var inputTokens: Int
        public var outputTokens: Int
        /// Korean won; zero for an answer from the cache or another request's model call.
        public var costKRW: Double
        public var responseTimeMilliseconds: Int
        /// Whether no model call of this request's own wrote it (the cache, or a shared call).
        public var cached: Bool
    }

    /// What an answer stream yields: text as it is written, then the stored answer.
    public enum Event: Sendable {
        case delta(String)
        case answered(Answer)
    }

    /// Where an answer came from.
    private enum Origin {
        case model, cache, shared
    }

    /// A model call's result as the callers sharing it see it.
    private struct Flight: Sendable {
        var entry: ChatAnswerCache.Entry
        /// Another request filled the cache between this one's miss and its call.
        var fromCache: Bool
    }

    private let database: PostgresPool
    private let retriever: ProgramRetriever
    private let model: any LanguageModel
    private let prices: ModelPriceTable
    private let limiter: RateLimiter
    private let cache: ChatAnswerCache
    private let usage: UsageLog
    private let logger: Logger
    private let flights = SingleFlight<String, Flight>()

    /// - Parameter cacheTTLSeconds: how long a cached answer is served.
    public init(
        database: PostgresPool, model: any LanguageModel, prices: ModelPriceTable, limiter: RateLimiter, cache: RedisPool,
        near: NearCache? = nil, cacheTTLSeconds: Int, usage: UsageLog, logger: Logger
    ) {
        self.database = database
        self.retriever = ProgramRetriever(database: database)
        self.model = model
        self.prices = prices
        self.limiter = limiter
        self.cache = ChatAnswerCache(
            store: RedisCache(redis: cache, namespace: CacheNamespace.chatAnswers, name: "chat_answers", ttlSeconds: cacheTTLSeconds, near: near, logger: logger))
        self.usage = usage
        self.logger = logger
    }

    /// Validates the message (``TextRule/chatMessage``, field `message`), checks the limit and
    /// the conversation, stores the question, retrieves programs and looks the answer up.
    public func begin(userID: UUID, message raw: String, conversationID: UUID?) async throws -> Turn {
        let started = ContinuousClock.now
        let message = try TextRule.chatMessage.validated(raw, field: "message")
        let decision = await limiter.check(userID.uuidString)
        guard decision.allowed else { throw Failure.rateLimited(decision) }
        let retrieval = try await retriever.programs(for: message)
        let (conversation, history) = try await database.withTransaction { connection -> (UUID, [ChatRequest.Turn]) in
            let conversation: UUID
            var history: [ChatRequest.Turn] = []
            if let conversationID {
                guard try await connection.query(
                    "UPDATE chat_conversations SET updated_at = now() WHERE id = \(conversationID) AND user_id = \(userID) RETURNING id"
                ).first != nil else { throw Failure.conversationNotFound(conversationID) }
                conversation = conversationID
                history = try await connection.query("""
                    SELECT role, content FROM (SELECT role, content, created_at FROM chat_messages
                        WHERE conversation_id = \(conversation) ORDER BY created_at DESC LIMIT 10) recent ORDER BY created_at
                    """).map { row in
                    let (role, content) = try row.decode((String, String).self)
                    return ChatRequest.Turn(role: role, content: content)
                }
            } else {
                conversation = try await connection.query(
                    "INSERT INTO chat_conversations (user_id, title) VALUES (\(userID), \(String(message.prefix(60)))) RETURNING id"
                ).first!.decode(UUID.self, at: 0)
            }
            try await connection.query(
                "INSERT INTO chat_messages (conversation_id, role, content) VALUES (\(conversation), 'user', \(message))")
            return (conversation, history)
        }
        let request = ChatRequest(
            question: message, programs: retrieval.programs, history: history, language: ChatRequest.language(of: message), now: Date())
        let key = history.isEmpty || !model.answersFromHistory ? ChatAnswerCache.key(for: request, retrieval: retrieval, model: model) : nil
        let hit: ChatAnswerCache.Entry? = if let key { await cache.store.lookup(key, as: ChatAnswerCache.Entry.self) } else { nil }
        return Turn(conversationID: conversation, request: request, userID: userID, started: started, cacheKey: key, hit: hit)
    }

    /// The answer as it is written (or replayed from the cache), then the stored answer.
    public func answer(_ turn: Turn) -> AsyncThrowingStream<Event, any Error> {
        .producing { continuation in
            let (entry, origin) = try await produce(turn) { continuation.yield(.delta($0)) }
            if origin != .model {
                for delta in entry.deltas { continuation.yield(.delta(delta)) }
            }
            continuation.yield(.answered(try await finish(turn, reply: entry.reply, origin: origin)))
        }
    }

    /// Asks and waits for the whole answer.
    public func ask(userID: UUID, message: String, conversationID: UUID?) async throws -> Answer {
        let turn = try await begin(userID: userID, message: message, conversationID: conversationID)
        for try await event in answer(turn) {
            if case .answered(let answer) = event { return answer }
        }
        throw Failure.incompleteAnswer
    }

    /// The answer's entry and where it came from; `relay` gets the text of this request's own
    /// model call as it is written.
    private func produce(_ turn: Turn, relay: @Sendable (String) -> Void) async throws -> (ChatAnswerCache.Entry, Origin) {
        if let hit = turn.hit {
            PlatformMetrics.aiCall(provider: model.provider, outcome: "cached")
            return (hit, .cache)
        }
        guard let key = turn.cacheKey else { return (try await call(turn.request, relay: relay), .model) }
        var attempt = 1
        while true {
            do {
                let (flight, shared) = try await flights.run(key: key) {
                    // Another request may have filled the cache between this one's miss and now.
                    if let entry = await cache.store.read(key, as: ChatAnswerCache.Entry.self) { return Flight(entry: entry, fromCache: true) }
                    let entry = try await call(turn.request, relay: relay)
                    if entry.source != .fallback { await cache.store.write(key, entry) }
                    return Flight(entry: entry, fromCache: false)
                }
                if shared { PlatformMetrics.aiCall(provider: model.provider, outcome: "shared") }
                return (flight.entry, shared ? .shared : flight.fromCache ? .cache : .model)
            } catch is CancellationError where !Task.isCancelled && attempt < 3 {
                // The request whose call this one joined went away: ask again.
                attempt += 1
            }
        }
    }

    /// One model call, its text relayed as it is written.
    private func call(_ request: ChatRequest, relay: @Sendable (String) -> Void) async throws -> ChatAnswerCache.Entry {
        var deltas: [String] = []
        for try await event in model.answer(request) {
            switch event {
            case .delta(let text):
                deltas.append(text)
                relay(text)
            case .finished(let reply):
                PlatformMetrics.aiCall(provider: reply.provider, outcome: reply.source == .fallback ? "fallback" : "success")
                return ChatAnswerCache.Entry(deltas: deltas, reply: reply)
            }
        }
        throw Failure.incompleteAnswer
    }

    /// Stores the answer and its usage (a reused answer costs nothing).
    private func finish(_ turn: Turn, reply: ModelReply<String>, origin: Origin) async throws -> Answer {
        let reused = origin != .model
        let cost = reused ? 0 : prices.cost(of: reply)
        let (inputTokens, outputTokens) = reused ? (0, 0) : (reply.inputTokens, reply.outputTokens)
        let messageID = try await database.query("""
            INSERT INTO chat_messages (conversation_id, role, content, sources, source, input_tokens, output_tokens, cost_krw)
            VALUES (\(turn.conversationID), 'assistant', \(reply.content), \(turn.sources), \(reply.source.rawValue),
                \(inputTokens), \(outputTokens), \(cost))
            RETURNING id
            """).first!.decode(UUID.self, at: 0)
        let elapsed = (ContinuousClock.now - turn.started).wholeMilliseconds
        usage.record(.init(
            kind: .qaChat, provider: reply.provider, model: reply.model, inputTokens: inputTokens, outputTokens: outputTokens,
            costKRW: cost, cacheHit: reused, latencyMilliseconds: elapsed,
            outcome: reply.source == .fallback ? .fallback : .success, userID: turn.userID))
        return Answer(
            conversationID: turn.conversationID, messageID: messageID, question: turn.request.question, text: reply.content,
            sources: turn.sources, source: reply.source, model: reply.model, inputTokens: reply.inputTokens,
            outputTokens: reply.outputTokens, costKRW: cost, responseTimeMilliseconds: elapsed, cached: reused)
    }
}
