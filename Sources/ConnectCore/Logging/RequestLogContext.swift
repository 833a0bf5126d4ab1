import Logging
import Synchronization

/// What every log line written on behalf of one request carries, wherever it is written: the
/// request id, and the user once authentication knows them. The HTTP layer binds it to the
/// request's task (``current``); ``metadataProvider``, given to the process's log handlers,
/// adds it to every line logged inside that task, so services, repositories and the AI layer,
/// which log through their own loggers, share the request's ids without passing a logger along.
public final class RequestLogContext: Sendable {
    /// The context of the request the current task serves, if any.
    @TaskLocal public static var current: RequestLogContext?

    /// The request's id (`X-Request-Id`).
    public let requestID: String
    private let user = Mutex<String?>(nil)

    /// - Parameter requestID: the request's id.
    public init(requestID: String) {
        self.requestID = requestID
    }

    /// The signed-in user's id, once authentication has verified them.
    public var userID: String? {
        get { user.withLock { $0 } }
        set { user.withLock { $0 = newValue } }
    }

    /// Adds `request_id` and `user_id` of the current request to each line.
    public static let metadataProvider = Logger.MetadataProvider {
        guard let context = current else { return [:] }
        var metadata: Logger.Metadata = ["request_id": .string(context.requestID)]
        if let user = context.userID { metadata["user_id"] = .string(user) }
        return metadata
    }
}
