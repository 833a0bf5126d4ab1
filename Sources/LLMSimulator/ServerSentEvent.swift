import NIOCore

/// One server-sent event frame: `event: NAME\ndata: DATA\n\n`. `data` is one line (compact
/// JSON), as in the Messages API's streams.
struct ServerSentEvent: Sendable, Equatable {
    var event: String
    var data: String

    /// Appends the frame to `buffer`.
    func write(to buffer: inout ByteBuffer) {
        buffer.writeString("event: ")
        buffer.writeString(event)
        buffer.writeString("\ndata: ")
        buffer.writeString(data)
        buffer.writeString("\n\n")
    }
}
