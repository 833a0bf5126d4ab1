import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// A client of the Anthropic Messages API (`POST {baseURL}/v1/messages`) over AsyncHTTPClient:
/// JSON answers and SSE streams, a timeout on the head and on every body chunk, and bounded
/// retries of 429, 529 and 5xx answers that honour `retry-after`.
public struct AnthropicClient: Sendable {
    public let configuration: AnthropicConfiguration
    private let http: HTTPClient
    private let logger: Logger
    /// How retries wait; tests inject one that records the delays instead of sleeping.
    private let sleep: @Sendable (Duration) async throws -> Void

    public init(
        configuration: AnthropicConfiguration, http: HTTPClient, logger: Logger,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.configuration = configuration
        self.http = http
        self.logger = logger
        self.sleep = sleep
    }

    /// An HTTP client sized for the upstream: AsyncHTTPClient's default of 8 connections per host
    /// would queue 150 concurrent AI requests behind 8 sockets.
    public static func makeHTTPClient(connectionsPerHost: Int = 256, timeout: Duration) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        configuration.timeout = .init(connect: .seconds(5), read: .nanoseconds(Int64(timeout.wholeMilliseconds) * 1_000_000))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// One complete answer.
    public func create(_ request: AnthropicMessagesRequest) async throws -> AnthropicMessage {
        var body = request
        body.stream = nil
        let response = try await send(body)
        let bytes: ByteBuffer
        do {
            bytes = try await response.body.collect(upTo: 16 << 20)
        } catch {
            throw Self.transportError(error)
        }
        do {
            return try JSONDecoder().decode(AnthropicMessage.self, from: Data(bytes.readableBytesView))
        } catch {
            throw AnthropicError(kind: .malformed, message: "the answer is not a Messages API message")
        }
    }

    /// A streamed answer. Retries happen before the first event only; once text has flowed, a
    /// failure (including `event: error`) ends the stream with an ``AnthropicError``.
    public func stream(_ request: AnthropicMessagesRequest) -> AsyncThrowingStream<AnthropicStreamEvent, any Error> {
        var streaming = request
        streaming.stream = true
        let body = streaming
        return .producing { continuation in
            let response = try await send(body)
            var parser = ServerSentEventParser()
            var stopped = false
            do {
                for try await chunk in response.body {
                    for event in parser.feed(chunk.readableBytesView) {
                        if let decoded = try Self.decode(event) {
                            continuation.yield(decoded)
                            if decoded == .messageStop { stopped = true }
                        }
                    }
                }
            } catch let error as AnthropicError {
                throw error
            } catch {
                throw Self.transportError(error)
            }
            guard stopped else { throw AnthropicError(kind: .malformed, message: "the stream ended before message_stop") }
        }
    }

    /// Sends the request, retrying retryable answers; returns a 200 response whose body is unread.
    private func send(_ body: AnthropicMessagesRequest) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: configuration.baseURL.trimmingSuffix("/") + "/v1/messages")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "x-api-key", value: configuration.apiKey)
        request.headers.add(name: "anthropic-version", value: configuration.version)
        let encoded = try JSONEncoder().encode(body)
        var attempt = 0
        while true {
            request.body = .bytes(ByteBuffer(bytes: encoded))
            let failure: AnthropicError
            do {
                let response = try await http.execute(request, timeout: .nanoseconds(Int64(configuration.timeout.wholeMilliseconds) * 1_000_000))
                if response.status == .ok { return response }
                failure = try await Self.statusError(response)
            } catch let error as AnthropicError {
                throw error
            } catch {
                throw Self.transportError(error)
            }
            guard failure.isRetryable, attempt < configuration.maxRetries else { throw failure }
            let delay = retryDelay(after: failure, attempt: attempt)
            logger.debug("Messages API answered \(failure.kind); retrying", metadata: ["delay": "\(delay)", "attempt": "\(attempt + 1)"])
            attempt += 1
            try await sleep(delay)
        }
    }

    /// `retry-after` when the API sent one (capped), else exponential backoff from the base delay.
    func retryDelay(after failure: AnthropicError, attempt: Int) -> Duration {
        if let seconds = failure.retryAfterSeconds {
            return min(.milliseconds(Int64(seconds * 1000)), configuration.maxRetryDelay)
        }
        return min(configuration.retryBaseDelay * (1 << min(attempt, 16)), configuration.maxRetryDelay)
    }

    private static func statusError(_ response: HTTPClientResponse) async throws -> AnthropicError {
        let retryAfter = response.headers.first(name: "retry-after").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        let bytes = try? await response.body.collect(upTo: 1 << 20)
        let detail = bytes.flatMap { try? JSONDecoder().decode(AnthropicErrorBody.self, from: Data($0.readableBytesView)) }?.error
        return AnthropicError(
            kind: .status(Int(response.status.code)), type: detail?.type,
            message: detail?.message ?? "HTTP \(response.status.code)", retryAfterSeconds: retryAfter)
    }

    private static func transportError(_ error: any Error) -> AnthropicError {
        if let error = error as? HTTPClientError,
            error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
        {
            return AnthropicError(kind: .timeout, message: "\(error)")
        }
        if error is CancellationError { return AnthropicError(kind: .timeout, message: "cancelled") }
        return AnthropicError(kind: .network, message: "\(error)")
    }

    /// Maps one SSE event to a stream event; `nil` for events a caller does not need (ping,
    /// content_block_start/stop, unknown types); throws on `error` events and undecodable data.
    static func decode(_ event: ServerSentEventParser.Event) throws -> AnthropicStreamEvent? {
        struct Payload: Decodable {
            struct Message: Decodable {
                var id: String
                var model: String
                var usage: AnthropicMessage.Usage?
            }
            struct Delta: Decodable {
                var type: String?
                var text: String?
                var stopReason: String?
                enum CodingKeys: String, CodingKey {
                    case type, text
                    case stopReason = "stop_reason"
                }
            }
            struct DeltaUsage: Decodable {
                var outputTokens: Int?
                enum CodingKeys: String, CodingKey { case outputTokens = "output_tokens" }
            }
            var type: String
            var message: Message?
            var delta: Delta?
            var usage: DeltaUsage?
            var error: AnthropicErrorBody.Detail?
        }
        let payload: Payload
        do {
            payload = try JSONDecoder().decode(Payload.self, from: Data(event.data.utf8))
        } catch {
            throw AnthropicError(kind: .malformed, message: "undecodable \(event.name) event")
        }
        switch payload.type {
        case "message_start":
            guard let message = payload.message else { throw AnthropicError(kind: .malformed, message: "message_start without message") }
            return .messageStart(id: message.id, model: message.model, inputTokens: message.usage?.inputTokens ?? 0)
        case "content_block_delta":
            guard payload.delta?.type == "text_delta", let text = payload.delta?.text else { return nil }
            return .textDelta(text)
        case "message_delta":
            return .messageDelta(stopReason: payload.delta?.stopReason, outputTokens: payload.usage?.outputTokens ?? 0)
        case "message_stop":
            return .messageStop
        case "error":
            throw AnthropicError(
                kind: .streamError, type: payload.error?.type, message: payload.error?.message ?? "stream error")
        default:
            return nil
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        return text
    }
}
