import NIOCore
import NIOHTTP1

/// Counts the bytes read from the socket, for `data_received`. (`data_sent` is the encoded
/// size of each request, known when its head is built.)
final class ReceivedByteCounter: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    var received = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += unwrapInboundIn(data).readableBytes
        context.fireChannelRead(data)
    }
}

/// The last handler of a connection's pipeline: writes one request at a time and resumes its
/// sender with the response, a timeout or the connection's failure.
///
/// The connection calls ``send(_:host:timeout:start:continuation:)`` directly on the event loop
/// instead of writing through the pipeline, so a request costs no promise, no boxed pipeline
/// message and no timer of its own: one timer per connection checks the in-flight deadline.
final class HTTPResponseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// The request waiting for its response.
    private struct InFlight {
        var continuation: UnsafeContinuation<HTTPResult, Never>
        var start: ContinuousClock.Instant
        var deadline: NIODeadline
        var timeout: TimeAmount
        var bytesSent: Int
    }

    /// The last request head written, reused while requests repeat (a benchmark's always do).
    private struct CachedHead {
        var method: HTTPMethod
        var path: String
        var headers: HTTPHeaders
        var wire: WireHead
    }

    private let byteCounter: ReceivedByteCounter
    /// Set before this handler closes the channel, and when it goes inactive.
    let closing = ClosingFlag()
    private var context: ChannelHandlerContext?
    private var inFlight: InFlight?
    private var responseHead: HTTPResponseHead?
    private var firstByte: ContinuousClock.Instant?
    private var body: ByteBuffer?
    private var cachedHead: CachedHead?
    private var timer: Scheduled<Void>?
    private var timerDeadline = NIODeadline.distantFuture

    init(byteCounter: ReceivedByteCounter) {
        self.byteCounter = byteCounter
    }

    /// Writes `request` and resumes `continuation` once with its result. Called on the event loop.
    func send(
        _ request: HTTPRequest, host: String, timeout: TimeAmount, start: ContinuousClock.Instant,
        continuation: UnsafeContinuation<HTTPResult, Never>
    ) {
        guard let context, context.channel.isActive else {
            continuation.resume(
                returning: .failure(start: start, HTTPClientError(.connectionClosed, "the connection is closed")))
            return
        }
        let wire: WireHead
        switch head(for: request, host: host) {
        case .success(let built): wire = built
        case .failure(let error): return continuation.resume(returning: .failure(start: start, error))
        }
        fail(HTTPClientError(.connectionClosed, "a new request replaced one in flight"))
        let deadline = NIODeadline.now() + timeout
        inFlight = InFlight(
            continuation: continuation, start: start, deadline: deadline, timeout: timeout,
            bytesSent: wire.size + (request.body?.readableBytes ?? 0))
        byteCounter.received = 0
        armTimer(for: deadline, context: context)
        context.write(wrapOutboundOut(.head(wire.head)), promise: nil)
        if let requestBody = request.body {
            context.write(wrapOutboundOut(.body(.byteBuffer(requestBody))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Abandons the request in flight, if any, because its sender was cancelled; the response
    /// may still come, so the connection is closed. Called on the event loop.
    func cancelInFlight() {
        guard inFlight != nil, let context else { return }
        failAndClose(HTTPClientError(.cancelled, "the sending task was cancelled"), context: context)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        connectionEnded()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            responseHead = head
            firstByte = .now
        case .body(var part):
            if body == nil {
                body = part
            } else {
                body!.writeBuffer(&part)
            }
        case .end:
            guard let request = inFlight, let head = responseHead else { return reset() }
            let end = ContinuousClock.now
            let result = HTTPResult(
                status: Int(head.status.code), headers: head.headers, body: body ?? ByteBuffer(),
                start: request.start, firstByte: firstByte ?? end, end: end, bytesSent: request.bytesSent,
                bytesReceived: byteCounter.received, error: nil)
            reset()
            if !head.isKeepAlive {
                closing.set()
                context.close(promise: nil)
            }
            request.continuation.resume(returning: result)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        connectionEnded()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAndClose(HTTPClientError(.connectionClosed, String(describing: error)), context: context)
    }

    /// The wire head of `request`, from the cache when it repeats the last one.
    private func head(for request: HTTPRequest, host: String) -> Result<WireHead, HTTPClientError> {
        if request.body == nil, let cached = cachedHead, cached.method == request.method, cached.path == request.path,
            cached.headers.elementsEqual(request.headers, by: { $0.name == $1.name && $0.value == $1.value })
        {
            return .success(cached.wire)
        }
        let built = request.wireHead(host: host)
        if request.body == nil, case .success(let wire) = built {
            cachedHead = CachedHead(method: request.method, path: request.path, headers: request.headers, wire: wire)
        }
        return built
    }

    /// Makes sure a timer fires no later than `deadline`; an earlier one re-arms itself when it
    /// finds the request in flight still within its deadline.
    private func armTimer(for deadline: NIODeadline, context: ChannelHandlerContext) {
        if timer != nil, timerDeadline <= deadline { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            guard let request = inFlight else { return }
            if NIODeadline.now() >= request.deadline {
                failAndClose(HTTPClientError(.timeout, "no complete response within \(request.timeout)"), context: context)
            } else {
                armTimer(for: request.deadline, context: context)
            }
        }
    }

    /// Fails the request in flight with `error` and closes the channel, marked closing first: the
    /// sender resumes at once, and its next request must open a new connection, not pick this one.
    private func failAndClose(_ error: HTTPClientError, context: ChannelHandlerContext) {
        closing.set()
        fail(error)
        context.close(promise: nil)
    }

    /// The channel is gone: the request in flight fails and the timer stops.
    private func connectionEnded() {
        closing.set()
        fail(HTTPClientError(.connectionClosed, "connection closed before the response ended"))
        timer?.cancel()
        timer = nil
    }

    private func fail(_ error: HTTPClientError) {
        guard let request = inFlight else { return }
        reset()
        request.continuation.resume(returning: .failure(start: request.start, error))
    }

    private func reset() {
        inFlight = nil
        responseHead = nil
        firstByte = nil
        body = nil
    }
}
