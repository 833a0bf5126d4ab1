import Foundation
import NIOCore
import NIOPosix

/// The target server and the event loops the virtual users' connections live on (one per core).
public struct LoadClient: Sendable {
    /// The server's host name or address.
    public let host: String
    /// The server's port.
    public let port: Int
    /// The path of the base URL (e.g. `/api/health`), `/` when it has none.
    public let basePath: String
    /// The event loops connections are spread over.
    public let eventLoopGroup: any EventLoopGroup
    /// The per-request timeout of every connection.
    public let requestTimeout: Duration
    /// Whether each VU keeps a cookie jar (``CookieJar``); on by default, as in k6.
    public let cookies: Bool

    /// The base URL is not one the harness can drive.
    public struct InvalidURL: Error, CustomStringConvertible {
        /// The URL as given.
        public let url: String
        public var description: String { "not an http:// URL with a host: \(url)" }
    }

    /// - Parameters:
    ///   - baseURL: `http://host[:port][/path]`; TLS is not supported.
    ///   - eventLoopGroup: the loops, by default ``LoadGeneratorLoops/group`` (one per core).
    ///   - requestTimeout: the per-request timeout.
    ///   - cookies: whether each VU keeps a cookie jar.
    public init(
        baseURL: String, eventLoopGroup: any EventLoopGroup = LoadGeneratorLoops.group,
        requestTimeout: Duration = .seconds(60), cookies: Bool = true
    ) throws {
        self.cookies = cookies
        guard let components = URLComponents(string: baseURL), components.scheme == "http",
            let host = components.host, !host.isEmpty
        else { throw InvalidURL(url: baseURL) }
        self.host = host
        self.port = components.port ?? 80
        let path = components.percentEncodedPath
        let query = components.percentEncodedQuery.map { "?\($0)" } ?? ""
        self.basePath = (path.isEmpty ? "/" : path) + query
        self.eventLoopGroup = eventLoopGroup
        self.requestTimeout = requestTimeout
    }

    /// A new connection on the next event loop; it connects on its first request.
    public func makeConnection() -> HTTPConnection {
        HTTPConnection(host: host, port: port, eventLoop: eventLoopGroup.next(), requestTimeout: requestTimeout, keepsCookies: cookies)
    }
}
