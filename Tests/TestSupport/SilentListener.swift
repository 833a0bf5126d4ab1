import Foundation

/// A loopback port that accepts connections and never says anything: a listening socket nobody
/// calls `accept` on, so the kernel completes each handshake and then there is silence.
/// ``close()`` resets the connections it holds.
public final class SilentListener: Sendable {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        (descriptor, port) = try LoopbackListener.open(backlog: 64)
    }

    public func close() { Foundation.close(descriptor) }
}
