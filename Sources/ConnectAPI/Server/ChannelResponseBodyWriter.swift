import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// Writes one response into a connection's pipeline (``RequestDispatchHandler``).
///
/// A body of known length is held until it ends and then written with its head and end in one
/// flush, without waiting: the writes of one connection keep their order, and a failed write
/// closes the connection. A body of unknown length (server-sent events) is streamed: each part
/// is flushed at once and the next write waits until it has left.
struct ChannelResponseBodyWriter: ResponseBodyWriter {
    /// The head, until it is written.
    private var head: HTTPResponse?
    /// The body so far, when it is held until its end.
    private var held: ByteBuffer?
    private let streaming: Bool
    private let connection: NIOLoopBound<ChannelHandlerContext>

    init(head: HTTPResponse, streaming: Bool, connection: NIOLoopBound<ChannelHandlerContext>) {
        self.head = head
        self.streaming = streaming
        self.connection = connection
    }

    mutating func write(_ buffer: ByteBuffer) async throws {
        guard streaming else {
            if held == nil {
                held = buffer
            } else {
                held?.writeImmutableBuffer(buffer)
            }
            return
        }
        let head = self.head.take()
        try await connection.onLoop { context in
            if let head { context.write(NIOAny(HTTPServerResponsePart.head(HTTPResponseHead(head))), promise: nil) }
            return context.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))))
        }.get()
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        let head = self.head.take()
        let held = self.held
        connection.onLoop { context in
            if let head { context.write(NIOAny(HTTPServerResponsePart.head(HTTPResponseHead(head))), promise: nil) }
            if let held { context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(held))), promise: nil) }
            context.write(NIOAny(HTTPServerResponsePart.end(trailingHeaders.map(HTTPHeaders.init))), promise: nil)
        }
    }
}
