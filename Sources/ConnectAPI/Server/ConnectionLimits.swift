import ConnectCore
import NIOCore
import Synchronization

/// The bounds every client connection is held to (``ConnectionGuardHandler``).
struct ConnectionLimits: Sendable {
    /// Longest wait for the next request on a keep-alive connection.
    var idleTimeout: TimeAmount
    /// Longest time from a request's first byte to the end of its head.
    var headTimeout: TimeAmount
    /// Longest time from a request's head to the end of its body.
    var bodyTimeout: TimeAmount
    /// After the server's last byte on a closing connection, how long it keeps reading (and
    /// discarding) what the client still sends before it closes for good.
    var lingerTimeout: TimeAmount = .seconds(2)
    /// Open connections past which a new one is answered 503 and closed.
    var maxConnections: Int
    /// Largest request body; past it, 413.
    var maxBodyBytes: Int = 1 << 20
    /// Longest request target; past it, 414. (Heads past the decoder's 80 KiB are 431.)
    var maxTargetBytes: Int = 8 * 1024

    init(configuration: ConnectConfiguration) {
        idleTimeout = .seconds(Int64(configuration.httpIdleTimeoutSeconds))
        headTimeout = .seconds(Int64(configuration.httpHeadTimeoutSeconds))
        bodyTimeout = .seconds(Int64(configuration.httpBodyTimeoutSeconds))
        maxConnections = configuration.httpMaxConnections
    }

    /// The period of each connection's timer: a deadline is never missed by more than it.
    var tick: TimeAmount { min(idleTimeout, headTimeout, bodyTimeout) }
}

/// The number of open client connections, shared by all of them.
final class ConnectionCount: Sendable {
    private let open = Atomic<Int>(0)

    /// Counts a new connection; `false` (and not counted) past `limit`.
    func admit(limit: Int) -> Bool {
        let now = open.wrappingAdd(1, ordering: .relaxed).newValue
        guard now > limit else { return true }
        open.wrappingSubtract(1, ordering: .relaxed)
        return false
    }

    func release() {
        open.wrappingSubtract(1, ordering: .relaxed)
    }

    var current: Int { open.load(ordering: .relaxed) }
}
