import Synchronization

/// Set once a connection's channel is being closed (a timeout, a cancelled request, a response
/// without keep-alive, an error): the channel may still report itself active for a moment, and
/// the next request must open a new connection instead of writing to the closing one.
final class ClosingFlag: Sendable {
    private let closing = Atomic<Bool>(false)

    /// Whether the channel is closing or closed.
    var isSet: Bool { closing.load(ordering: .acquiring) }

    /// Marks the channel as closing.
    func set() { closing.store(true, ordering: .releasing) }
}
