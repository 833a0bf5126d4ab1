import ConnectCore
import Foundation
import Hummingbird
import Logging

/// `POST /api/chat` (whole answer) and `POST /api/chat/stream` (server-sent events: `delta`
/// events with text, then one `done` event with the metadata).
struct ChatController: Sendable {
    typealias Context = ConnectRequestContext

    let chat: ChatService

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("chat", use: ask)
        group.post("chat/stream", use: stream)
    }

    struct ChatInput: Decodable {
        var message: String
        var conversationId: UUID?

        func validated() throws -> (String, UUID?) {
            (try TextRule.chatMessage.validated(message, field: "message"), conversationId)
        }
    }

    struct ChatResponse: Encodable {
        struct Usage: Encodable {
            var inputTokens: Int
            var outputTokens: Int
        }
        var conversationId: UUID
        var message: String
        var messageId: UUID
        var sources: [UUID]
        var usage: Usage
        /// Korean won.
        var cost: Double
        /// Milliseconds.
        var responseTime: Int
        var source: String
        var model: String

        init(_ answer: ChatService.Answer) {
            conversationId = answer.conversationID
            message = answer.text
            messageId = answer.messageID
            sources = answer.sources
            usage = Usage(inputTokens: answer.inputTokens, outputTokens: answer.outputTokens)
            cost = answer.costKRW
            responseTime = answer.responseTimeMilliseconds
            source = answer.source.rawValue
            model = answer.model
        }
    }

    private func begin(_ request: Request, context: Context) async throws -> ChatService.Turn {
        let identity = try context.requireIdentity()
        let (message, conversationID) = try await request.decodeJSON(as: ChatInput.self, context: context).validated()
        do {
            return try await chat.begin(userID: identity.userID, message: message, conversationID: conversationID)
        } catch ChatService.Failure.rateLimited(let decision) {
            throw APIError.rateLimited("Chat limit reached; try again later", limit: decision.limit, retryAfterSeconds: decision.retryAfterSeconds)
        } catch ChatService.Failure.conversationNotFound {
            throw APIError.notFound("No conversation with id \(conversationID?.uuidString ?? "")")
        }
    }

    @Sendable func ask(_ request: Request, context: Context) async throws -> Response {
        let turn = try await begin(request, context: context)
        var reply: ModelReply<String>?
        for try await event in chat.stream(turn) {
            if case .finished(let finished) = event { reply = finished }
        }
        guard let reply else { throw APIError(.serviceUnavailable, code: "ai_unavailable", message: "The assistant did not answer") }
        let answer = try await chat.finish(turn, reply: reply)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder.api.encode(ChatResponse(answer)))))
    }

    @Sendable func stream(_ request: Request, context: Context) async throws -> Response {
        let turn = try await begin(request, context: context)
        let chat = self.chat
        let logger = context.logger
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                do {
                    for try await event in chat.stream(turn) {
                        switch event {
                        case .delta(let text):
                            try await writer.write(ServerSentEvent.encode(event: "delta", json: ["text": text]))
                        case .finished(let reply):
                            let answer = try await chat.finish(turn, reply: reply)
                            let data = try JSONEncoder.api.encode(ChatResponse(answer))
                            try await writer.write(ServerSentEvent.encode(event: "done", data: String(decoding: data, as: UTF8.self)))
                        }
                    }
                } catch {
                    logger.error("chat stream failed", metadata: ["error": "\(error)"])
                    try await writer.write(ServerSentEvent.encode(event: "error", json: ["message": "The assistant stopped answering"]))
                }
                try await writer.finish(nil)
            })
    }
}

/// Server-sent event framing: `event:` and `data:` lines, a blank line after each event.
enum ServerSentEvent {
    static func encode(event: String, data: String) -> ByteBuffer {
        var text = "event: \(event)\n"
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        return ByteBuffer(string: text + "\n")
    }

    static func encode(event: String, json: [String: String]) -> ByteBuffer {
        let data = (try? JSONEncoder.api.encode(json)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return encode(event: event, data: data)
    }
}
