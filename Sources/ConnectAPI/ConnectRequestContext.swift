import Foundation
import Hummingbird

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
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
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
