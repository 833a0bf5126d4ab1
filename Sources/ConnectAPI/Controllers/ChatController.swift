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

    @Sendable func ask(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try await request.decodeJSON(as: Schemas.ChatRequest.self, context: context)
        let answer = try await chat.ask(userID: identity.userID, message: input.message, conversationID: try input.conversationID())
        return Response(
            status: .ok, headers: [.contentType: "application/json", .xCache: answer.cached ? "HIT" : "MISS"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder.api.encode(Schemas.ChatResponse(answer)))))
    }

    @Sendable func stream(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try await request.decodeJSON(as: Schemas.ChatRequest.self, context: context)
        let turn = try await chat.begin(userID: identity.userID, message: input.message, conversationID: try input.conversationID())
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
                            try await writer.write(ServerSentEvent.encode(event: "delta", Schemas.ChatDeltaEvent(text: text)))
                        case .answered(let answer):
                            let data = try JSONEncoder.api.encode(Schemas.ChatResponse(answer))
                            try await writer.write(ServerSentEvent.encode(event: "done", data: String(decoding: data, as: UTF8.self)))
                        }
                    }
                } catch {
                    logger.error("chat stream failed", metadata: ["error": "\(error)"])
                    try await writer.write(ServerSentEvent.encode(event: "error", Schemas.ChatErrorEvent(message: "The assistant stopped answering")))
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

    static func encode(event: String, _ value: some Encodable) -> ByteBuffer {
        let data = (try? JSONEncoder.api.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return encode(event: event, data: data)
    }
}
