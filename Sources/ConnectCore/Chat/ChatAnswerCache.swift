import Crypto
import Foundation

/// Answers to questions that do not depend on a conversation's history, kept in the Redis cache
/// instance under `chat:answer:<sha256>` for a lifetime (`CHAT_CACHE_TTL_SECONDS`).
///
/// The key is made of everything the answer was written from: the question's
/// ``QuestionWords`` (so case, width, spacing, punctuation and Korean particles do not matter),
/// the answer language, the `id:version` of each program retrieved for it (a changed, added or
/// closed program changes the key, so a stale entry is never served), the provider and model,
/// and the day in Seoul (answers count the days to each deadline).
struct ChatAnswerCache: Sendable {
    /// What is kept per key: the answer as its stream was written (the deltas, so a replay sends
    /// the same events as the first answer) and its figures.
    struct Entry: Codable, Sendable {
        var deltas: [String]
        var source: AnswerSource
        var provider: String
        var model: String
        var inputTokens: Int
        var outputTokens: Int

        var text: String { deltas.joined() }

        init(deltas: [String], reply: ModelReply<String>) {
            self.deltas = deltas
            source = reply.source
            provider = reply.provider
            model = reply.model
            inputTokens = reply.inputTokens
            outputTokens = reply.outputTokens
        }

        /// The reply as the model gave it.
        var reply: ModelReply<String> {
            ModelReply(content: text, source: source, provider: provider, model: model, inputTokens: inputTokens, outputTokens: outputTokens)
        }
    }

    let store: RedisCache

    /// The key of `request`'s answer from `model`.
    static func key(for request: ChatRequest, retrieval: ProgramRetriever.Retrieval, model: any LanguageModel) -> String {
        let parts = [
            "v1", model.provider, model.modelName, request.language.rawValue, KoreanCalendarDay.format(request.now),
            QuestionWords.normalized(words: retrieval.words), retrieval.fingerprint,
        ]
        return SHA256.hex(parts.joined(separator: "\n"))
    }
}
