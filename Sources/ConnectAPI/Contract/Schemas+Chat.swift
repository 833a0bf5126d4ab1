import ConnectCore
import Foundation

extension Schemas.ChatRequest {
    /// The conversation to continue, when one is named; a 422 when it is not a UUID.
    func conversationID() throws -> UUID? {
        guard let conversationId else { return nil }
        guard let id = UUID(uuidString: conversationId) else {
            throw APIError.unprocessable("Field 'conversationId' must be a UUID")
        }
        return id
    }
}

extension Schemas.ChatResponse {
    /// A whole answer (`POST /api/chat`, and the stream's `done` event).
    init(_ answer: ChatService.Answer) {
        let metadata = Schemas.AnswerMetadata(
            cached: answer.cached, source: answer.source, model: answer.model, costKRW: answer.costKRW,
            responseTimeMilliseconds: answer.responseTimeMilliseconds, inputTokens: answer.inputTokens,
            outputTokens: answer.outputTokens)
        self.init(
            conversationId: answer.conversationID.uuidString, message: answer.text, messageId: answer.messageID.uuidString,
            sources: answer.sources.map(\.uuidString), usage: metadata.usage, cost: metadata.cost,
            responseTime: metadata.responseTime, source: metadata.source, model: metadata.model, metadata: metadata)
    }
}
