import NIOCore
import NIOHTTP1

/// The outcome of one request: a response, or the error that stood in for one.
public struct HTTPResult: Sendable {
    /// The response status code; 0 when there was no response (connection error, timeout).
    public var status: Int
    /// The response headers (empty when there was no response), parsed from the header
    /// section's bytes on each access: read them once per check, not in a loop.
    public var headers: HTTPHeaders { HTTPHeaders(headerBlock: headerBlock) }
    /// The header field lines as they arrived.
    var headerBlock: ByteBuffer
    /// The response body.
    public var body: ByteBuffer
    /// When the request was handed to the connection (before any reconnect).
    public var start: ContinuousClock.Instant
    /// When the response head arrived, if it did.
    public var firstByte: ContinuousClock.Instant?
    /// When the response ended or the request failed.
    public var end: ContinuousClock.Instant
    /// Bytes written to the socket for this request.
    public var bytesSent: Int
    /// Bytes read from the socket for this response.
    public var bytesReceived: Int
    /// Why there is no response, when there is none.
    public var error: HTTPClientError?
    /// How long the TLS handshake took for this request: the handshake's duration on a
    /// connection's first request, zero on the requests that reuse it, `nil` over plain HTTP.
    public var tlsHandshaking: Duration?
    /// Whether the response has `Set-Cookie` fields (noted while its head was parsed, so the
    /// cookie jar reads headers only then).
    var setsCookies = false

    /// Time from start to the end of the response.
    public var duration: Duration { end - start }
    /// Time from start to the response head (the whole duration when none came).
    public var waiting: Duration { (firstByte ?? end) - start }
    /// Whether k6 would count this request as failed: no response, or a status outside 200–399.
    public var failed: Bool { error != nil || !(200..<400).contains(status) }
}

/// Why a request got no response. Counted in `http_req_failed`, never thrown out of an executor.
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable {
        /// The TCP connection could not be opened.
        case connect
        /// No complete response within the request timeout.
        case timeout
        /// The connection closed or failed before the response ended.
        case connectionClosed
        /// The request could not be written: its method, path or a header is not valid HTTP.
        case invalidRequest
        /// What the server sent is not an HTTP/1.1 response, or not one to the request sent;
        /// the connection is closed.
        case invalidResponse
        /// The sending task was cancelled (the end of a run's gracefulStop, an abort): the
        /// request was abandoned and its connection closed. Not a failure of the server, so a
        /// VU does not record it, as k6 drops the requests of interrupted iterations.
        case cancelled
    }

    /// The kind of failure.
    public var kind: Kind
    /// What the underlying error said.
    public var message: String

    /// - Parameters:
    ///   - kind: the kind of failure.
    ///   - message: what the underlying error said.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

extension HTTPResult {
    /// A request that got no response: status 0, ending now.
    static func failure(start: ContinuousClock.Instant, _ error: HTTPClientError) -> HTTPResult {
        HTTPResult(
            status: 0, headerBlock: ByteBuffer(), body: ByteBuffer(), start: start, firstByte: nil, end: .now, bytesSent: 0,
            bytesReceived: 0, error: error)
    }
}
