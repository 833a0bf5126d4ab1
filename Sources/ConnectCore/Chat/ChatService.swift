import Foundation
import Logging
import PostgresClient

/// The assistant: retrieves programs for a question, asks the model (streaming), and keeps the
/// conversation, its messages and the usage in PostgreSQL. Rate-limited per user.
public struct ChatService: Sendable {
    /// Why a message was refused.
    public enum Failure: Error, Sendable {
        case rateLimited(RateLimiter.Decision)
        case conversationNotFound
        /// The model's stream ended before its final reply.
        case incompleteAnswer
    }

    /// A question accepted and ready for the model.
    public struct Turn: Sendable {
        public var conversationID: UUID
        public var request: ChatRequest
        public var sources: [UUID] { request.programs.map(\.id) }
        let userID: UUID
        let started: ContinuousClock.Instant
    }

    /// A finished answer with its figures.
    public struct Answer: Sendable {
        public var conversationID: UUID
        public var messageID: UUID
        public var text: String
        public var sources: [UUID]
        public var source: AnswerSource
        public var model: String
        public var inputTokens: Int
        public var outputTokens: Int
        public var costKRW: Double
        public var responseTimeMilliseconds: Int
    }

    private let database: PostgresPool
    private let retriever: ProgramRetriever
    private let model: any LanguageModel
    private let prices: ModelPriceTable
    private let limiter: RateLimiter
    private let usage: UsageLog
    private let logger: Logger

    public init(database: PostgresPool, model: any LanguageModel, prices: ModelPriceTable, limiter: RateLimiter, usage: UsageLog, logger: Logger) {
        self.database = database
        self.retriever = ProgramRetriever(database: database)
        self.model = model
        self.prices = prices
        self.limiter = limiter
        self.usage = usage
        self.logger = logger
    }

    /// Checks the limit and the conversation, stores the question and retrieves programs.
    public func begin(userID: UUID, message: String, conversationID: UUID?) async throws -> Turn {
        let started = ContinuousClock.now
        let decision = await limiter.check(userID.uuidString)
        guard decision.allowed else { throw Failure.rateLimited(decision) }
        let programs = try await retriever.programs(for: message)
        let (conversation, history) = try await database.withTransaction { connection -> (UUID, [ChatRequest.Turn]) in
            let conversation: UUID
            var history: [ChatRequest.Turn] = []
            if let conversationID {
                guard try await connection.query(
                    "UPDATE chat_conversations SET updated_at = now() WHERE id = \(conversationID) AND user_id = \(userID) RETURNING id"
                ).first != nil else { throw Failure.conversationNotFound }
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
            question: message, programs: programs, history: history, language: ChatRequest.language(of: message), now: Date())
        return Turn(conversationID: conversation, request: request, userID: userID, started: started)
    }

    /// The model's answer as it is written.
    public func stream(_ turn: Turn) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        model.answer(turn.request)
    }

    /// Stores the answer and its usage.
    public func finish(_ turn: Turn, reply: ModelReply<String>) async throws -> Answer {
        let cost = prices.cost(of: reply)
        let messageID = try await database.query("""
            INSERT INTO chat_messages (conversation_id, role, content, sources, source, input_tokens, output_tokens, cost_krw)
            VALUES (\(turn.conversationID), 'assistant', \(reply.content), \(turn.sources), \(reply.source.rawValue),
                \(reply.inputTokens), \(reply.outputTokens), \(cost))
            RETURNING id
            """).first!.decode(UUID.self, at: 0)
        PlatformMetrics.aiCall(provider: reply.provider, outcome: reply.source == .fallback ? "fallback" : "success")
        let elapsed = (ContinuousClock.now - turn.started).wholeMilliseconds
        usage.record(.init(
            kind: .qaChat, provider: reply.provider, model: reply.model, inputTokens: reply.inputTokens,
            outputTokens: reply.outputTokens, costKRW: cost, cacheHit: false, latencyMilliseconds: elapsed,
            outcome: reply.source == .fallback ? .fallback : .success, userID: turn.userID))
        return Answer(
            conversationID: turn.conversationID, messageID: messageID, text: reply.content, sources: turn.sources,
            source: reply.source, model: reply.model, inputTokens: reply.inputTokens, outputTokens: reply.outputTokens,
            costKRW: cost, responseTimeMilliseconds: elapsed)
    }

    /// Asks and waits for the whole answer.
    public func ask(userID: UUID, message: String, conversationID: UUID?) async throws -> Answer {
        let turn = try await begin(userID: userID, message: message, conversationID: conversationID)
        for try await event in stream(turn) {
            if case .finished(let reply) = event { return try await finish(turn, reply: reply) }
        }
        throw Failure.incompleteAnswer
    }
}
