import ConnectCore
import Foundation
import Hummingbird
import Logging

/// `POST /api/chat` (whole answer) and `POST /api/chat/stream` (server-sent events: `delta`
/// events with text, then one `done` event with the metadata). Both say with `X-Cache` whether
/// the answer came from the answer cache: the whole answer once it is known (a share of another
/// request's model call counts as a hit, as `metadata.cached` says), the stream before its first
/// event (`metadata.cached` in `done` then tells whether it shared a call).
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
    }

    struct ChatResponse: Encodable {
        var conversationId: UUID
        var message: String
        var messageId: UUID
        var sources: [UUID]
        var usage: AnswerMetadata.Usage
        /// Korean won.
        var cost: Double
        /// Milliseconds.
        var responseTime: Int
        var source: String
        var model: String
        var metadata: AnswerMetadata

        init(_ answer: ChatService.Answer) {
            conversationId = answer.conversationID
            message = answer.text
            messageId = answer.messageID
            sources = answer.sources
            usage = AnswerMetadata.Usage(inputTokens: answer.inputTokens, outputTokens: answer.outputTokens)
            cost = answer.costKRW
            responseTime = answer.responseTimeMilliseconds
            source = answer.source.rawValue
            model = answer.model
            metadata = AnswerMetadata(
                cached: answer.cached, source: source, model: model, cost: cost, responseTime: responseTime, usage: usage)
        }
    }

    @Sendable func ask(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try await request.decodeJSON(as: ChatInput.self, context: context)
        let answer = try await chat.ask(userID: identity.userID, message: input.message, conversationID: input.conversationId)
        return Response(
            status: .ok, headers: [.contentType: "application/json", .xCache: answer.cached ? "HIT" : "MISS"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder.api.encode(ChatResponse(answer)))))
    }

    @Sendable func stream(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try await request.decodeJSON(as: ChatInput.self, context: context)
        let turn = try await chat.begin(userID: identity.userID, message: input.message, conversationID: input.conversationId)
        let chat = self.chat
        let logger = context.logger
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .xCache: turn.cached ? "HIT" : "MISS"],
            body: ResponseBody { writer in
                do {
                    for try await event in chat.answer(turn) {
                        switch event {
                        case .delta(let text):
                            try await writer.write(ServerSentEvent.encode(event: "delta", json: ["text": text]))
                        case .answered(let answer):
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
