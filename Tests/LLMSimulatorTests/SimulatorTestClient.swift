import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LLMSimulator
import Logging
import NIOCore

/// Runs a simulator on a free loopback port (port 0, bound by the server itself) and hands the
/// test an HTTP client for it. Every request uses a fresh connection, as independent clients do.
struct SimulatorTestClient: Sendable {
    let address: SimulatorAddress

    static func run<Value: Sendable>(
        _ configuration: SimulatorConfiguration = .init(),
        _ test: (SimulatorTestClient) async throws -> Value
    ) async throws -> Value {
        var configuration = configuration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        return try await LLMSimulator(configuration: configuration, logger: quietLogger).withRunningServer { address in
            try await test(SimulatorTestClient(address: address))
        }
    }

    /// Warnings and errors only: no start-up line per test.
    static let quietLogger: Logger = {
        var logger = Logger(label: "llm-sim-test")
        logger.logLevel = .warning
        return logger
    }()

    /// Generous by default: the suites run in parallel with others on two cores.
    func send(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil, headers: HTTPFields = [:],
        timeout: Duration = .seconds(60)
    ) async throws -> TestClient.Response {
        var headers = headers
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let request = TestClient.Request(path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return try await TestClient.withClient(
            host: address.host, port: address.port, configuration: .init(timeout: timeout)
        ) { client in
            try await client.execute(request)
        }
    }

    /// Sends `POST /v1/messages` and reports whether it went unanswered: true when the server
    /// holds it (the control endpoint's `held` reaches `held`) and still no answer came `quietFor`
    /// later. The client then hangs up, as a client's own timeout would. (TestClient's timeout
    /// waits for the connection to end, which a held request's never does.)
    func messagesGetNoAnswer(stream: Bool = false, held: Int = 1, quietFor: Duration) async throws -> Bool {
        let body = #"{"model":"m","max_tokens":64,"stream":\#(stream),"messages":[{"role":"user","content":"Hi"}]}"#
        let request = TestClient.Request(
            "/v1/messages", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
        let client = TestClient(host: address.host, port: address.port, configuration: .init(timeout: .seconds(300)))
        client.connect()
        let unanswered = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                _ = try? await client.execute(request)
                return false
            }
            group.addTask {
                for _ in 0..<1200 {
                    if try await state().held >= held { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                try await Task.sleep(for: quietFor)
                return true
            }
            let first = try await group.next() ?? false
            try? await client.shutdown()
            group.cancelAll()
            return first
        }
        try? await client.shutdown()
        return unanswered
    }

    /// `POST /v1/messages` with a conversation of one user message.
    func messages(
        _ text: String = "Which programs fit a small robotics company?", system: String? = nil,
        stream: Bool = false, maxTokens: Int = 1024, model: String = "claude-test",
        headers: HTTPFields = [:], timeout: Duration = .seconds(60)
    ) async throws -> TestClient.Response {
        var body: [String: Any] = [
            "model": model, "max_tokens": maxTokens, "messages": [["role": "user", "content": text]],
        ]
        if let system { body["system"] = system }
        if stream { body["stream"] = true }
        let data = try JSONSerialization.data(withJSONObject: body)
        return try await send(.post, "/v1/messages", body: String(decoding: data, as: UTF8.self), headers: headers, timeout: timeout)
    }

    /// `POST /_control` with a settings change; the state it answers.
    @discardableResult
    func control(_ json: String) async throws -> ControlState {
        let response = try await send(.post, "/_control", body: json)
        guard response.status == .ok else { throw TestFailure("POST /_control \(json): \(response.status) \(response.text)") }
        return try response.decode(ControlState.self)
    }

    /// `GET /_control`.
    func state() async throws -> ControlState {
        try await send(.get, "/_control").decode(ControlState.self)
    }

    /// `POST /_control/reset`.
    @discardableResult
    func reset() async throws -> ControlState {
        try await send(.post, "/_control/reset").decode(ControlState.self)
    }
}

/// The body of `GET /_control`, as a client reads it.
struct ControlState: Decodable, Sendable {
    struct Counters: Decodable, Sendable {
        var requests: Int
        var answered: Int
        var streamed: Int
        var errors: [String: Int]
        var hangs: Int
        var malformed: Int
        var interrupted: Int
    }
    var fault: String
    var status: Int
    var errorRate: Double
    var retryAfterSeconds: Int
    var latency: String
    var tokensPerSecond: Double
    var seed: UInt64
    var held: Int
    var counters: Counters
}

/// A Messages API message, as a client reads it.
struct MessageBody: Decodable, Sendable {
    struct Block: Decodable, Sendable {
        var type: String
        var text: String
    }
    struct Usage: Decodable, Sendable {
        var input_tokens: Int
        var output_tokens: Int
    }
    var id: String
    var type: String
    var role: String
    var model: String
    var content: [Block]
    var stop_reason: String?
    var stop_sequence: String?
    var usage: Usage

    var text: String { content.map(\.text).joined() }
}

/// `{"type":"error","error":{"type":…,"message":…}}`.
struct ErrorBody: Decodable, Sendable {
    struct Detail: Decodable, Sendable {
        var type: String
        var message: String
    }
    var type: String
    var error: Detail
}

/// One frame of a server-sent event stream.
struct StreamFrame: Sendable {
    var event: String
    var data: String

    /// The data as a JSON object.
    var json: [String: Any] {
        get throws {
            guard let object = try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] else {
                throw TestFailure("event \(event): data is not an object: \(data)")
            }
            return object
        }
    }

    /// Splits a stream body into frames, insisting on exact `event: …\ndata: …\n\n` framing.
    static func parse(_ body: String) throws -> [StreamFrame] {
        guard body.hasSuffix("\n\n") else { throw TestFailure("stream does not end with a blank line") }
        return try body.dropLast(2).components(separatedBy: "\n\n").map { frame in
            let lines = frame.components(separatedBy: "\n")
            guard lines.count == 2, lines[0].hasPrefix("event: "), lines[1].hasPrefix("data: ") else {
                throw TestFailure("frame is not `event: …\\ndata: …`: \(frame)")
            }
            return StreamFrame(event: String(lines[0].dropFirst(7)), data: String(lines[1].dropFirst(6)))
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension TestClient.Response {
    var text: String { body.map { String(buffer: $0) } ?? "" }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

extension HTTPField.Name {
    static let apiKey = HTTPField.Name("x-api-key")!
    static let requestID = HTTPField.Name("request-id")!
}
