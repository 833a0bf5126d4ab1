import NIOCore
import NIOHTTP1

/// A connection's only handler: writes one request at a time as bytes, frames its response
/// with ``HTTPResponseParser`` and resumes the sender with it, a timeout or the connection's
/// failure.
///
/// The connection calls ``send(_:host:timeout:start:continuation:)`` directly on the event loop
/// instead of writing through the pipeline, so a request costs no promise, no boxed pipeline
/// message and no timer of its own: one timer per connection checks the in-flight deadline.
final class HTTPResponseHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

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

    /// Set before this handler closes the channel, and when it goes inactive.
    let closing = ClosingFlag()
    private var context: ChannelHandlerContext?
    private var inFlight: InFlight?
    private var parser = HTTPResponseParser()
    /// Bytes read and not yet consumed by the parser (a response split over reads).
    private var unparsed: ByteBuffer?
    /// When the first byte of the response in flight arrived.
    private var firstByte: ContinuousClock.Instant?
    /// Bytes read for the response in flight.
    private var received = 0
    private var cachedHead: CachedHead?
    private var timer: Scheduled<Void>?
    private var timerDeadline = NIODeadline.distantFuture

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
        guard inFlight == nil else {
            // Misuse (one request at a time): the connection no longer knows which response is whose.
            failAndClose(HTTPClientError(.connectionClosed, "a second request was sent while this one waited"), context: context)
            return continuation.resume(
                returning: .failure(start: start, HTTPClientError(.connectionClosed, "another request was in flight")))
        }
        let deadline = NIODeadline.now() + timeout
        inFlight = InFlight(
            continuation: continuation, start: start, deadline: deadline, timeout: timeout,
            bytesSent: wire.size + (request.body?.readableBytes ?? 0))
        parser.expectResponse(bodyless: request.method == .HEAD)
        armTimer(for: deadline, context: context)
        if let requestBody = request.body {
            context.write(wrapOutboundOut(wire.bytes), promise: nil)
            context.writeAndFlush(wrapOutboundOut(requestBody), promise: nil)
        } else {
            context.writeAndFlush(wrapOutboundOut(wire.bytes), promise: nil)
        }
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
        var bytes = unwrapInboundIn(data)
        guard let request = inFlight else {
            // Nothing was asked: the server is out of step with this connection.
            if bytes.readableBytes > 0, !closing.isSet { failAndClose(HTTPClientError(.invalidResponse, "unsolicited bytes"), context: context) }
            return
        }
        let now = ContinuousClock.now
        if firstByte == nil { firstByte = now }
        received += bytes.readableBytes
        let response: HTTPResponseParser.Response?
        if var pending = unparsed.take() {
            pending.writeBuffer(&bytes)
            bytes = pending
        }
        do {
            response = try parser.parse(&bytes)
            unparsed = bytes.readableBytes > 0 ? bytes : nil
        } catch {
            return failAndClose(HTTPClientError(.invalidResponse, error.description), context: context)
        }
        guard let response else { return }
        // Bytes after the response belong to no request: the connection is out of step, so it
        // closes after this response (as Go's client does).
        finish(request, with: response, reusable: response.keepAlive && unparsed == nil, end: now, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A body delimited by the end of the connection ends here.
        if let request = inFlight {
            do {
                if let response = try parser.endOfInput() {
                    finish(request, with: response, reusable: false, end: .now, context: context)
                }
            } catch {
                closing.set()
                fail(HTTPClientError(.connectionClosed, error.description))
            }
        }
        connectionEnded()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAndClose(HTTPClientError(.connectionClosed, String(describing: error)), context: context)
    }

    /// Resumes `request`'s sender with `response`; closes the connection unless it is
    /// `reusable` for another request.
    private func finish(
        _ request: InFlight, with response: HTTPResponseParser.Response, reusable: Bool, end: ContinuousClock.Instant,
        context: ChannelHandlerContext
    ) {
        let result = HTTPResult(
            status: response.status, headerBlock: response.headerBlock, body: response.body, start: request.start,
            firstByte: firstByte ?? end, end: end, bytesSent: request.bytesSent, bytesReceived: received, error: nil,
            setsCookies: response.setsCookies)
        reset()
        if !reusable {
            closing.set()
            context.close(promise: nil)
        }
        request.continuation.resume(returning: result)
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
        firstByte = nil
        received = 0
        unparsed = nil
    }
}
