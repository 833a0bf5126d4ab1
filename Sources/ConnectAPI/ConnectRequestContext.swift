import Foundation
import Hummingbird
import NIOCore

/// The per-request context of the platform's routes.
public struct ConnectRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller, once ``AuthenticationMiddleware`` has verified their token.
    public var identity: Identity?
    /// The browser's session on page routes, once ``PageSessionMiddleware`` has read it.
    public var page: PageSession?
    /// The peer's IP address (`unknown` when there is no socket, as in router tests).
    public let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.init(source: source, clientAddress: Self.address(of: source.channel))
    }

    /// A context whose peer address is already known (the connection's handler finds it once,
    /// not per request).
    init(source: ApplicationRequestContextSource, clientAddress: String) {
        coreContext = .init(source: source)
        self.clientAddress = clientAddress
    }

    /// The IP address of the peer of `channel`, `unknown` when there is none.
    static func address(of channel: any Channel) -> String {
        channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Bodies over 1 MiB are refused with 413.
    public var maxUploadSize: Int { 1 << 20 }

    /// Responses: sorted keys, ISO 8601 dates.
    public var responseEncoder: JSONEncoder { .api }

    /// The verified caller; a 401 when there is none (only reachable behind the middleware).
    public func requireIdentity() throws -> Identity {
        guard let identity else { throw APIError.unauthorized("Authentication required") }
        return identity
    }
}
