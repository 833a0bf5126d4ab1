import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// The last handler of a client connection: it converts each request to HTTP types
/// (``HTTPRequest/init(head:)``), hands it to the router and writes the router's response, one
/// request at a time and in order.
///
/// A request runs in a task that starts at once (`Task.immediate`), inside the read that
/// completed the request, on the connection's event loop: a request that needs nothing it has to
/// wait for (an unknown route, a refusal, a cached answer already in memory) runs to its last
/// byte written without a single task switch through the loop's queue. One that waits (Redis,
/// PostgreSQL) resumes where its reply resumes it — with tasks on the event loops, on the loop
/// that read the reply, which both clients arrange to be the caller's — and its response is
/// written straight into the pipeline when it is on the connection's loop (else handed to it).
/// Hummingbird's own connection loop reads requests from and writes responses to async streams
/// instead: 43 enqueues through the loop's task queue for every 404 (docs/BENCHMARKS.md,
/// "Requests dispatched by the connection's last handler").
///
/// Request bodies are collected here before the route runs (the guard in front holds them to
/// 1 MiB); a body the guard cuts off (too large, too slow, the client gone) reaches the route as
/// that error (``RequestRefusal``), which the error middleware answers, and the connection then
/// ends. Response bodies with a known length are written with their head in one go and flushed
/// at the end of the loop's turn, with the other connections' responses of that turn; those
/// without (server-sent events) are flushed part by part, each write waiting for the one before.
///
/// Every task is owned: ``finished`` completes once the connection has closed and its last
/// response has ended, and the connection's `handle` waits for it. A client that closes its side
/// (`inputClosed`) gets the answers to what it sent, then the connection closes.
final class RequestDispatchHandler<Responder: HTTPResponder>: ChannelDuplexHandler
where Responder.Context == ConnectRequestContext {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Completed once the connection is closed and no response is in progress.
    let finished: EventLoopPromise<Void>

    private let responder: Responder
    private let logger: Logger
    /// The request whose body is being read.
    private var receiving: (head: HTTPRequest, body: ByteBuffer?)?
    /// Requests read in full, waiting for the one in progress to end.
    private var waiting = CircularBuffer<Request>()
    private var responding = false
    /// No further request is taken (the client asked to close, or the connection failed).
    private var stopped = false
    /// A read error to answer (400 for malformed HTTP) and close on, once the response in
    /// progress ends.
    private var failure: (any Error)?
    /// Close once the responses in progress end (a body was cut off: its route answers the error).
    private var closeWhenAnswered = false
    private var readHeld = false
    /// The client has sent its last byte: close once what it asked for is answered.
    private var inputClosed = false
    private var active = true
    private var isFinished = false
    private var flushScheduled = false
    /// The peer's IP address, found at the first request.
    private var clientAddress: String?

    init(responder: Responder, eventLoop: any EventLoop, logger: Logger) {
        self.responder = responder
        self.logger = logger
        self.finished = eventLoop.makePromise()
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !stopped else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            do {
                receiving = (try HTTPRequest(head: head), nil)
            } catch {
                // A method HTTP types cannot carry: answered 400 like malformed HTTP.
                errorCaught(context: context, error: error)
            }
        case .body(let buffer):
            guard receiving != nil else { return }
            if receiving?.body == nil {
                receiving?.body = buffer
            } else {
                receiving?.body?.writeImmutableBuffer(buffer)
            }
        case .end:
            guard let request = receiving else { return }
            receiving = nil
            enqueue(Request(head: request.head, body: RequestBody(buffer: request.body ?? ByteBuffer())), context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        stopped = true
        if let request = receiving {
            // The body was cut off: its route reads the error and answers it; then the
            // connection ends.
            receiving = nil
            closeWhenAnswered = true
            enqueue(Request(head: request.head, body: Self.failingBody(request.body, error)), context: context)
        } else {
            failure = failure ?? error
            if !responding, waiting.isEmpty { endAfterFailure(context: context) }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            inputClosed = true
            stopped = true
            receiving = nil
            if !responding, waiting.isEmpty { context.close(promise: nil) }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        active = false
        stopped = true
        receiving = nil
        waiting.removeAll()
        finishIfIdle()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        active = false
        finishIfIdle()
    }

    // MARK: Outbound

    func read(context: ChannelHandlerContext) {
        // Backpressure: one request waits behind the one in progress; read no further.
        if waiting.isEmpty {
            context.read()
        } else {
            readHeld = true
        }
    }

    // MARK: Requests

    private func enqueue(_ request: Request, context: ChannelHandlerContext) {
        waiting.append(request)
        if !responding { startNext(context: context) }
    }

    private func startNext(context: ChannelHandlerContext) {
        guard !responding, let request = waiting.popFirst() else { return }
        responding = true
        if readHeld {
            readHeld = false
            context.read()
        }
        let clientAddress = self.clientAddress ?? ConnectRequestContext.address(of: context.channel)
        self.clientAddress = clientAddress
        let requestContext = ConnectRequestContext(
            source: .init(channel: context.channel, logger: logger), clientAddress: clientAddress)
        let connection = NIOLoopBound(context, eventLoop: context.eventLoop)
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let responder = self.responder
        let logger = self.logger
        Task.immediate {
            let closes = request.headers[.connection]?.lowercased() == "close"
            var response: Response
            do {
                response = try await responder.respond(to: request, context: requestContext)
            } catch {
                logger.debug("Unrecognised error", metadata: ["error.type": "\(error)"])
                response = Response(status: .internalServerError)
            }
            response.headers[.date] = HTTPDate.now()
            let writer = ChannelResponseBodyWriter(
                head: response.head, streaming: response.body.contentLength == nil, connection: connection)
            let written: Bool
            do {
                try await response.body.write(writer)
                written = true
            } catch {
                logger.trace("Failed to write a response", metadata: ["error.type": "\(error)"])
                written = false
            }
            handler.onLoop { handler in
                handler.responseEnded(context: connection.value, keepOpen: written && !closes)
            }
        }
    }

    private func responseEnded(context: ChannelHandlerContext, keepOpen: Bool) {
        responding = false
        flushSoon(context: context)
        if !keepOpen, !stopped {
            stopped = true
            waiting.removeAll()
            context.flush()
            context.close(promise: nil)
        }
        if waiting.isEmpty {
            if failure != nil {
                endAfterFailure(context: context)
            } else if inputClosed || closeWhenAnswered, active {
                context.flush()
                context.close(promise: nil)
            }
        }
        if !waiting.isEmpty {
            // Not from here: this may run inside the ended request's task, and pipelined requests
            // that each finish at once would nest one task start in the other, as deep as the
            // client has pipelined.
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            let context = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.eventLoop.execute { handler.value.startNext(context: context.value) }
        }
        finishIfIdle()
    }

    /// Ends the connection after a read error: a malformed request past the guard gets a 400.
    private func endAfterFailure(context: ChannelHandlerContext) {
        guard let error = failure, active else { return }
        failure = nil
        if error is HTTPParserError || error is HTTP1TypeConversionError {
            let head = HTTPResponseHead(version: .http1_1, status: .badRequest, headers: ["Connection": "close", "Content-Length": "0"])
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        context.close(promise: nil)
    }

    /// Flushes at the end of the event loop's current turn, after the other connections' reads
    /// of this turn: their responses leave together and wake the client once, not once each.
    private func flushSoon(context: ChannelHandlerContext) {
        guard !flushScheduled else { return }
        flushScheduled = true
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let context = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.eventLoop.execute {
            handler.value.flushScheduled = false
            context.value.flush()
        }
    }

    private func finishIfIdle() {
        guard !active, !responding, !isFinished else { return }
        isFinished = true
        finished.succeed()
    }

    /// A body that yields what arrived of it, then fails with `error`.
    private static func failingBody(_ received: ByteBuffer?, _ error: any Error) -> RequestBody {
        let (stream, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        if let received { continuation.yield(received) }
        continuation.finish(throwing: error)
        return RequestBody(asyncSequence: stream)
    }
}
