import Synchronization

/// Problems met while a scenario runs (a variable missing at run time, a failed action), kept
/// distinct with a count each, so the summary lists them once instead of flooding the output.
public final class RunErrors: Sendable {
    private let entries = Mutex<[String: Int]>([:])

    /// An empty list.
    public init() {}

    /// Counts one occurrence of `message`.
    public func record(_ message: String) {
        entries.withLock { $0[message, default: 0] += 1 }
    }

    /// Each distinct message with its count, most frequent first.
    public var all: [(message: String, count: Int)] {
        entries.withLock { $0 }.map { (message: $0.key, count: $0.value) }.sorted { $0.count > $1.count || ($0.count == $1.count && $0.message < $1.message) }
    }
}
