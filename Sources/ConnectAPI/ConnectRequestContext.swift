import Foundation
import Hummingbird

/// The per-request context of the platform's routes.
public struct ConnectRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies over 1 MiB are refused with 413.
    public var maxUploadSize: Int { 1 << 20 }

    /// Responses: sorted keys, ISO 8601 dates.
    public var responseEncoder: JSONEncoder { .api }
}
