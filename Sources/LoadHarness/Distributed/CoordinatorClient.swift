import Foundation
import NIOCore
import NIOHTTP1

/// A segment's side of a distributed run (`connect-load run --coordinator URL`): register and wait
/// for the common start time, then deliver the summary (or the reason the segment could not run)
/// to the coordinator, which judges the whole run.
///
/// The coordinator may start after the segments (pods are scheduled in any order), so requests
/// that cannot connect are retried until `patience` runs out; a refusal (4xx) is final.
public struct CoordinatorClient: Sendable {
    /// The coordinator refused, or could not be reached in time.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Segment `index` of `count`.
    public let index: Int
    public let count: Int
    private let client: LoadClient
    private let patience: Duration

    /// - Parameters:
    ///   - url: the coordinator, `http://host:port`.
    ///   - segment: this process's segment (1-based) and the number of segments.
    ///   - patience: how long to keep trying to reach the coordinator, and to wait at the barrier.
    public init(url: String, segment: (index: Int, count: Int), patience: Duration = .seconds(600)) throws {
        self.client = try LoadClient(baseURL: url, requestTimeout: patience)
        self.index = segment.index
        self.count = segment.count
        self.patience = patience
    }

    /// Registers and waits for every other segment; returns the run's start time.
    public func waitForStart() async throws -> Date {
        let body = try await send(path: "ready", body: nil)
        struct Answer: Decodable { var startAtUnixMilliseconds: Int64 }
        let answer = try JSONDecoder().decode(Answer.self, from: Data(body.readableBytesView))
        return Date(timeIntervalSince1970: TimeInterval(answer.startAtUnixMilliseconds) / 1000)
    }

    /// Delivers this segment's summary.
    public func deliver(_ summary: RunSummary) async throws {
        _ = try await send(path: "summary", body: ByteBuffer(bytes: try summary.jsonData()))
    }

    /// Tells the coordinator this segment could not run, and why.
    public func reportFailure(_ reason: String) async throws {
        _ = try await send(path: "failure", body: ByteBuffer(string: reason))
    }

    private func send(path: String, body: ByteBuffer?) async throws -> ByteBuffer {
        let deadline = ContinuousClock.now + patience
        var lastError = "no attempt"
        while ContinuousClock.now < deadline {
            let connection = client.makeConnection()
            defer { connection.close() }
            let request = HTTPRequest(
                method: .POST, path: "/v1/segments/\(index)/\(path)?of=\(count)",
                headers: ["Content-Type": body == nil ? "text/plain" : "application/json"], body: body ?? ByteBuffer(),
                timeout: deadline - ContinuousClock.now)
            let result = await connection.send(request)
            if let error = result.error {
                // Not reachable yet (or the connection dropped): try again shortly.
                lastError = error.description
                try await Task.sleep(for: .seconds(1))
                continue
            }
            guard (200..<300).contains(result.status) else {
                throw Failure(description: "coordinator answered \(result.status) to \(path): \(String(buffer: result.body))")
            }
            return result.body
        }
        throw Failure(description: "coordinator not reached within \(patience) (\(lastError))")
    }
}
