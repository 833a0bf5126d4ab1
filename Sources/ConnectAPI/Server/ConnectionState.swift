import NIOCore

/// What the two guard handlers of one connection share: where its current request stands, and
/// whether it is closing. Used on the connection's event loop only.
final class ConnectionState {
    /// Bytes of a request have arrived and its end has not been read.
    var readingRequest = false
    /// When the current request's first byte arrived; `nil` once its head is read.
    var headStarted: NIODeadline?
    /// Length of the current request's first line, if it ended within the first read (a line
    /// that did not is a request target too long for any head: 414, not 431).
    var requestLineLength: Int?
    /// The connection is closing: the server's side is shut, what arrives is discarded.
    var lingering = false

    /// Notes the first read of a request: its start and the length of its first line.
    func requestBytesArrived(_ buffer: ByteBuffer, now: NIODeadline) {
        guard !readingRequest else { return }
        readingRequest = true
        headStarted = now
        requestLineLength = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")).map { $0 - buffer.readerIndex }
    }
}
