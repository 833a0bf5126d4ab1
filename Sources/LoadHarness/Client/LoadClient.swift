import Foundation
import NIOCore
import NIOPosix
import NIOSSL

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
    /// The TLS context every connection shares, for an `https` URL.
    public let tls: NIOSSLContext?
    /// Whether each request carries a new W3C `traceparent` (`--traceparent`).
    public let traceparent: Bool

    /// The base URL is not one the harness can drive.
    public struct InvalidURL: Error, CustomStringConvertible {
        /// The URL as given.
        public let url: String
        public var description: String { "not an http:// or https:// URL with a host: \(url)" }
    }

    /// - Parameters:
    ///   - baseURL: `http[s]://host[:port][/path]`.
    ///   - eventLoopGroup: the loops, by default ``LoadGeneratorLoops/group`` (one per core).
    ///   - requestTimeout: the per-request timeout.
    ///   - cookies: whether each VU keeps a cookie jar.
    ///   - tls: how an `https` server is verified.
    ///   - traceparent: whether each request carries a new W3C `traceparent`.
    public init(
        baseURL: String, eventLoopGroup: any EventLoopGroup = LoadGeneratorLoops.group,
        requestTimeout: Duration = .seconds(60), cookies: Bool = true, tls: TLSOptions = TLSOptions(), traceparent: Bool = false
    ) throws {
        self.cookies = cookies
        self.traceparent = traceparent
        guard let components = URLComponents(string: baseURL), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { throw InvalidURL(url: baseURL) }
        self.host = host
        self.tls = scheme == "https" ? try tls.makeContext() : nil
        self.port = components.port ?? (scheme == "https" ? 443 : 80)
        let path = components.percentEncodedPath
        let query = components.percentEncodedQuery.map { "?\($0)" } ?? ""
        self.basePath = (path.isEmpty ? "/" : path) + query
        self.eventLoopGroup = eventLoopGroup
        self.requestTimeout = requestTimeout
    }

    /// `scheme://host:port` of the target, as k6's `url` tags begin.
    public var origin: String { "\(tls == nil ? "http" : "https")://\(host):\(port)" }

    /// A new connection on the next event loop; it connects on its first request.
    public func makeConnection() -> HTTPConnection {
        HTTPConnection(
            host: host, port: port, eventLoop: eventLoopGroup.next(), requestTimeout: requestTimeout, keepsCookies: cookies, tls: tls,
            sendsTraceparent: traceparent)
    }
}
