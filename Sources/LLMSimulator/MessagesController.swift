import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

/// `POST /v1/messages`: checks the key and the body like the real API, then lets the current
/// settings decide (latency, fault, speed) and answers with the simulated reply, as one JSON
/// message or as the Messages API's event stream when the body says `"stream": true`.
struct MessagesController: Sendable {
    let state: SimulatorState
    let configuration: SimulatorConfiguration

    func addRoutes(to router: Router<SimulatorRequestContext>) {
        router.post("v1/messages", use: create)
    }

    /// A reply ready to be sent, already cut to `max_tokens`.
    struct Answer: Sendable {
        var id: String
        var model: String
        var inputTokens: Int
        var pieces: [Substring]
        var stopReason: String
    }

    @Sendable func create(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        if let apiKey = configuration.apiKey, !Self.presents(apiKey, request.headers) {
            state.countRejected(status: 401)
            throw SimulatedAPIError(status: 401)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: configuration.maxRequestBytes)
        } catch is NIOTooManyBytesError {
            state.countRejected(status: 413)
            throw SimulatedAPIError(status: 413)
        }
        let messages: MessagesRequest
        do {
            messages = try MessagesRequest(body: body)
        } catch {
            state.countRejected(status: error.statusCode)
            throw error
        }
        let streaming = messages.stream ?? false
        let plan = state.admit(streaming: streaming)

        if plan.fault == .hang {
            await state.held.hold(channel: context.channel, limit: configuration.maxHang)
            context.channel.close(promise: nil)
            // Never written: the connection is gone.
            throw SimulatedAPIError(status: 504)
        }
        if plan.latency > .zero {
            try await Task.sleep(for: plan.latency)
        }
        if plan.fault == .status || (plan.fault == .streamError && !streaming) {
            throw SimulatedAPIError(status: plan.status, retryAfterSeconds: plan.status == 429 ? plan.retryAfterSeconds : nil)
        }

        let reply = SimulatedReply(
            seed: state.seed, system: messages.systemText, messages: messages.messageTexts,
            lastUserMessage: messages.lastUserText)
        var pieces = MessageTokens.pieces(of: reply.text)
        var stopReason = "end_turn"
        if pieces.count > messages.maxTokens {
            pieces = Array(pieces.prefix(messages.maxTokens))
            stopReason = "max_tokens"
        }
        let answer = Answer(
            id: Self.identifier("msg_", seed: state.seed, sequence: plan.sequence),
            model: messages.model,
            inputTokens: MessageTokens.inputTokens([messages.systemText] + messages.messageTexts),
            pieces: pieces,
            stopReason: stopReason)
        let headers: HTTPFields = [
            .requestID: Self.identifier("req_", seed: ~state.seed, sequence: plan.sequence),
            .contentType: streaming ? "text/event-stream; charset=utf-8" : "application/json",
            .cacheControl: "no-cache",
        ]
        if streaming {
            return Response(status: .ok, headers: headers, body: Self.stream(answer, plan: plan))
        }
        return try await Self.message(answer, plan: plan, headers: headers)
    }

    /// The key comes as `x-api-key` (the API's header) or `Authorization: Bearer` (what the
    /// newer SDKs send).
    static func presents(_ key: String, _ headers: HTTPFields) -> Bool {
        headers[.apiKey] == key || headers[.authorization] == "Bearer " + key
    }

    // MARK: - JSON

    /// The whole message, after the time its tokens take at the configured speed.
    private static func message(_ answer: Answer, plan: SimulatorState.Plan, headers: HTTPFields) async throws -> Response {
        if plan.tokensPerSecond > 0 {
            try await Task.sleep(for: .seconds(Double(answer.pieces.count) / plan.tokensPerSecond))
        }
        var json = MessagesWireFormat.message(
            id: answer.id, model: answer.model, text: answer.pieces.joined(), stopReason: answer.stopReason,
            inputTokens: answer.inputTokens, outputTokens: answer.pieces.count
        ).text
        if plan.fault == .malformed {
            json = String(json.prefix(json.count / 2))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    // MARK: - Stream

    /// message_start, content_block_start, ping, one content_block_delta per token (paced at
    /// the configured speed), content_block_stop, message_delta, message_stop.
    private static func stream(_ answer: Answer, plan: SimulatorState.Plan) -> ResponseBody {
        ResponseBody { writer in
            typealias Wire = MessagesWireFormat
            var buffer = ByteBuffer()
            Wire.messageStart(id: answer.id, model: answer.model, inputTokens: answer.inputTokens).write(to: &buffer)
            if plan.fault == .malformed {
                buffer.writeString("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_del\n\n")
                try await writer.write(buffer)
                try await writer.finish(nil)
                return
            }
            Wire.contentBlockStart.write(to: &buffer)
            Wire.ping.write(to: &buffer)

            let sent = plan.fault == .streamError ? answer.pieces.prefix(answer.pieces.count / 2) : answer.pieces[...]
            let interval = plan.tokensPerSecond > 0 ? Duration.seconds(1 / plan.tokensPerSecond) : .zero
            let clock = ContinuousClock()
            let began = clock.now
            for (index, piece) in sent.enumerated() {
                let deadline = began + interval * index
                if deadline > clock.now {
                    if buffer.readableBytes > 0 {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                    try await Task.sleep(until: deadline, clock: clock)
                }
                Wire.contentBlockDelta(String(piece)).write(to: &buffer)
            }
            if plan.fault == .streamError {
                let error = SimulatedAPIError(status: plan.status)
                Wire.streamError(type: error.type, message: error.message).write(to: &buffer)
            } else {
                Wire.contentBlockStop.write(to: &buffer)
                Wire.messageDelta(stopReason: answer.stopReason, outputTokens: answer.pieces.count).write(to: &buffer)
                Wire.messageStop.write(to: &buffer)
            }
            try await writer.write(buffer)
            try await writer.finish(nil)
        }
    }

    // MARK: - Identifiers

    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// `msg_01…` / `req_01…` with 22 base-62 characters, repeatable for a seed and request number.
    static func identifier(_ prefix: String, seed: UInt64, sequence: UInt64) -> String {
        var scramble = SplitMix64(seed: sequence)
        var random = SplitMix64(seed: seed ^ scramble.next())
        return prefix + "01" + String((0..<22).map { _ in alphabet[Int(random.next() % 62)] })
    }
}
