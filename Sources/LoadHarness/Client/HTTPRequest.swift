import NIOCore
import NIOHTTP1

/// One HTTP/1.1 request as a virtual user sends it.
public struct HTTPRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The path and query, e.g. `/api/health?x=1`.
    public var path: String
    /// Extra headers; the connection adds `Host` and `Content-Length` (a body is sent whole, so
    /// `Transfer-Encoding` is dropped). HTTP/1.1 keeps the connection alive without a header.
    public var headers: HTTPHeaders
    /// The body, if any.
    public var body: ByteBuffer?
    /// Tags recorded with this request's metrics, e.g. `["name": "health"]`.
    public var tags: [String: String]
    /// This request's timeout, instead of the connection's.
    public var timeout: Duration?

    /// - Parameters:
    ///   - method: the method, GET by default.
    ///   - path: the path and query.
    ///   - headers: extra headers.
    ///   - body: the body, if any.
    ///   - tags: metric tags for this request.
    ///   - timeout: this request's timeout, instead of the connection's.
    public init(
        method: HTTPMethod = .GET, path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil,
        tags: [String: String] = [:], timeout: Duration? = nil
    ) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.tags = tags
        self.timeout = timeout
    }
}
