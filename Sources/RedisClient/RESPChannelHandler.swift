import NIOCore

/// Pipelines Redis commands on one NIO channel: writes each ``RedisRequest`` as it comes and
/// hands every reply, decoded by hiredis's reader (``RESPReader``), to the oldest request still
/// waiting. Any number of requests can be in flight.
///
/// A request whose reply is overdue makes the connection useless (every reply after it is
/// ordered after it), so the handler fails every waiting request with a timeout and closes the
/// channel; the owner opens a new one. One timer per connection, armed at the earliest deadline
/// it knows of and moved only when a request brings an earlier one.
final class RESPChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private struct Waiting {
        var replies: RedisRequest.Replies
        var received: [RESPValue]
        var deadline: NIODeadline
    }

    private let server: String
    private let reader = RESPReader()
    private var waiting = CircularBuffer<Waiting>(initialCapacity: 16)
    private var timer: Scheduled<Void>?
    private var timerDeadline = NIODeadline.distantFuture
    /// Set once the connection failed: every later request fails with it.
    private var failure: RedisError?

    /// - Parameter server: `host:port`, for error messages.
    init(server: String) {
        self.server = server
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if failure != nil {
            request.replies.fail(RedisRequestNotSent())
            promise?.fail(RedisRequestNotSent())
            return
        }
        let deadline = context.eventLoop.now + request.timeout
        waiting.append(Waiting(replies: request.replies, received: [], deadline: deadline))
        context.write(wrapOutboundOut(request.bytes), promise: promise)
        // Deadlines grow with the writes unless a request brings a shorter timeout.
        if deadline < timerDeadline { armTimer(at: deadline, context: context) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do throws(RedisError) {
            try buffer.withUnsafeReadableBytes { bytes throws(RedisError) in try reader.feed(bytes) }
            while let reply = try reader.next() {
                guard deliver(reply) else {
                    throw RedisError(code: .protocol, message: "\(server) sent a reply nobody asked for")
                }
            }
        } catch {
            failAll(error, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RedisError(code: .connection, message: "\(server): connection closed"), context: context)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(RedisError(code: .connection, message: "\(server): \(error)"), context: context)
    }

    /// Gives `reply` to the oldest waiting request; `false` when none waits.
    private func deliver(_ reply: RESPValue) -> Bool {
        guard let index = waiting.indices.first else { return false }
        if case .one(let continuation) = waiting[index].replies {
            waiting.removeFirst()
            continuation.resume(returning: reply)
            return true
        }
        waiting[index].received.append(reply)
        if waiting[index].received.count == waiting[index].replies.count {
            let done = waiting.removeFirst()
            done.replies.succeed(done.received)
        }
        return true
    }

    private func armTimer(at deadline: NIODeadline, context: ChannelHandlerContext) {
        timer?.cancel()
        timerDeadline = deadline
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.timerFired(context: context)
        }
    }

    private func timerFired(context: ChannelHandlerContext) {
        timer = nil
        timerDeadline = .distantFuture
        guard let earliest = waiting.lazy.map(\.deadline).min() else { return }
        if earliest <= context.eventLoop.now {
            failAll(RedisError(code: .timeout, message: "no reply from \(server) in time"), context: context)
        } else {
            armTimer(at: earliest, context: context)
        }
    }

    /// Fails every waiting request and every later one, and closes the channel.
    private func failAll(_ error: RedisError, context: ChannelHandlerContext) {
        if failure == nil { failure = error }
        timer?.cancel()
        timer = nil
        timerDeadline = .distantFuture
        let failed = waiting
        waiting.removeAll()
        // Closed before the callers hear of it, so their next command finds the channel closed.
        if context.channel.isActive { context.close(promise: nil) }
        for request in failed { request.replies.fail(error) }
    }
}

/// A ``RedisInvalidationSubscription`` sets its connection up through the handler, then
/// replaces it with a ``RedisInvalidationHandler``.
extension RESPChannelHandler: RemovableChannelHandler {}
