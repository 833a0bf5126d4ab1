import NIOCore

/// Commands on their way to a ``RESPChannelHandler``: their encoded bytes and who waits for the
/// replies, which come back in the order the commands were written.
struct RedisRequest: Sendable {
    /// Who waits. Callers wait on a continuation the handler resumes on its event loop, with no
    /// future in between; the connection's own set-up chains on a promise.
    enum Replies: Sendable {
        case one(UnsafeContinuation<RESPValue, any Error>)
        case many(UnsafeContinuation<[RESPValue], any Error>, count: Int)
        case promise(EventLoopPromise<[RESPValue]>, count: Int)

        /// How many replies complete the request.
        var count: Int {
            switch self {
            case .one: 1
            case .many(_, let count), .promise(_, let count): count
            }
        }

        func succeed(_ replies: [RESPValue]) {
            switch self {
            case .one(let continuation): continuation.resume(returning: replies[0])
            case .many(let continuation, _): continuation.resume(returning: replies)
            case .promise(let promise, _): promise.succeed(replies)
            }
        }

        func fail(_ error: any Error) {
            switch self {
            case .one(let continuation): continuation.resume(throwing: error)
            case .many(let continuation, _): continuation.resume(throwing: error)
            case .promise(let promise, _): promise.fail(error)
            }
        }
    }

    var bytes: ByteBuffer
    var replies: Replies
    /// How long the connection waits for the replies, counted from the write, before it is
    /// given up.
    var timeout: TimeAmount
}

/// A request that reached a channel already closed or failed: it never left, so it can be sent
/// again on a new connection.
struct RedisRequestNotSent: Error {}
