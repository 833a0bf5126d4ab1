import NIOCore
import NIOHTTP1

/// Holds each client connection to ``ConnectionLimits``, right after NIO's HTTP/1 codec:
///
/// - **timeouts**: a head must be read within `headTimeout` of its first byte, a body within
///   `bodyTimeout` of its head (else 408 and close), and an idle keep-alive connection is closed
///   after `idleTimeout`; one timer per connection, firing at least every `tick`;
/// - **sizes**: a request target over `maxTargetBytes` is 414, a head the decoder refuses as too
///   large 431 (414 when its first line never ended), a declared `Content-Length` over
///   `maxBodyBytes` 413 at once, before any of the body is read, and a chunked body 413 as soon
///   as it passes the limit; other malformed requests are 400 — all in the API's JSON error shape;
/// - **connections**: past `maxConnections`, a new connection is answered 503 and closed;
/// - **draining**: once graceful shutdown begins, the last response on each connection says
///   `Connection: close`, idle connections are closed, and every close is a lingering one
///   (``GracefulCloseHandler``), so a client never meets a reset.
///
/// Answers given here end the connection. Requests the router already has are never answered
/// here: a body that breaks a limit reaches the route as an error (``RequestRefusal``), which the
/// error middleware answers, and the connection closes after that answer.
final class ConnectionGuardHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let limits: ConnectionLimits
    private let state: ConnectionState
    /// Whether this connection is over the bound: answered 503 and closed.
    private let refused: Bool
    /// Requests passed on whose response has not ended.
    private var pending = 0
    /// When the last response ended (the start of an idle wait).
    private var idleSince = NIODeadline.now()
    /// When the current request's head was read; `nil` outside a body.
    private var bodyStarted: NIODeadline?
    private var bodyBytes = 0
    /// The rest of the current request is dropped (its head broke a limit, or its body did).
    private var discarding = false
    /// Close after the response in progress (graceful shutdown, or a refused body).
    private var closeAfterResponse = false
    /// A response head said `Connection: close`: the connection ends with that response.
    private var announcedClose = false
    private var draining = false
    private var timer: Scheduled<Void>?

    init(limits: ConnectionLimits, state: ConnectionState, refused: Bool) {
        self.limits = limits
        self.state = state
        self.refused = refused
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    private func start(context: ChannelHandlerContext) {
        guard timer == nil else { return }
        if refused {
            answer(
                context: context, status: .serviceUnavailable, code: "too_many_connections",
                message: "The server has too many open connections; try again shortly", extraHeaders: [("Retry-After", "1")])
            return
        }
        idleSince = .now()
        scheduleTimer(context: context)
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            state.headStarted = nil
            bodyStarted = .now()
            bodyBytes = 0
            guard !discarding else { return }
            if pending == 0, let refusal = earlyRefusal(of: head) {
                answer(context: context, status: refusal.status, code: refusal.code, message: refusal.message)
                return
            }
            pending += 1
            context.fireChannelRead(data)
        case .body(let buffer):
            guard !discarding else { return }
            bodyBytes += buffer.readableBytes
            if bodyBytes > limits.maxBodyBytes {
                refuseBody(context: context, .bodyTooLarge)
                return
            }
            context.fireChannelRead(data)
        case .end:
            state.readingRequest = false
            bodyStarted = nil
            guard !discarding else { return }
            context.fireChannelRead(data)
        }
    }

    /// A reason to answer a request before anyone reads it, from its head alone.
    private func earlyRefusal(of head: HTTPRequestHead) -> (status: HTTPResponseStatus, code: String, message: String)? {
        if head.uri.utf8.count > limits.maxTargetBytes {
            return (.uriTooLong, "uri_too_long", "The request target exceeds \(limits.maxTargetBytes) bytes")
        }
        if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > limits.maxBodyBytes {
            return (.payloadTooLarge, "payload_too_large", "Request body exceeds 1 MiB")
        }
        return nil
    }

    /// Stops passing the current body on and makes the route's read of it fail with `refusal`.
    private func refuseBody(context: ChannelHandlerContext, _ refusal: RequestRefusal) {
        discarding = true
        state.readingRequest = false
        bodyStarted = nil
        closeAfterResponse = true
        context.fireErrorCaught(refusal)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError, pending == 0, !discarding else {
            // A body cut short by the client's close is the client's doing, not malformed HTTP.
            if case HTTPParserError.invalidEOFState = error, bodyStarted != nil {
                context.fireErrorCaught(RequestRefusal.clientClosed)
            } else {
                context.fireErrorCaught(error)
            }
            return
        }
        switch parserError {
        case .headerOverflow where state.requestLineLength.map { $0 > limits.maxTargetBytes } ?? true:
            answer(context: context, status: .uriTooLong, code: "uri_too_long", message: "The request target is too long")
        case .headerOverflow:
            answer(
                context: context, status: .requestHeaderFieldsTooLarge, code: "header_fields_too_large",
                message: "The request's header fields are too large")
        default:
            answer(context: context, status: .badRequest, code: "malformed_request", message: "The request is not valid HTTP/1.1")
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        draining = true
        if pending == 0, !state.readingRequest { context.close(promise: nil) }
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where pending == 1 && (draining || closeAfterResponse) && !announcedClose:
            head.headers.replaceOrAdd(name: "connection", value: "close")
            announcedClose = true
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end:
            pending = max(0, pending - 1)
            if pending == 0 { idleSince = .now() }
            context.write(data, promise: promise)
            if announcedClose || (pending == 0 && (draining || closeAfterResponse)) {
                context.flush()
                context.close(promise: nil)
            }
        default:
            context.write(data, promise: promise)
        }
    }

    // MARK: Answers and timeouts

    /// Answers the request at hand itself (nothing was passed on for it), then closes.
    private func answer(
        context: ChannelHandlerContext, status: HTTPResponseStatus, code: String, message: String,
        extraHeaders: [(String, String)] = []
    ) {
        discarding = true
        state.readingRequest = false
        state.headStarted = nil
        bodyStarted = nil
        let body = ByteBuffer(string: #"{"error":{"code":"\#(code)","message":"\#(message)"}}"#)
        var headers = HTTPHeaders([
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", String(body.readableBytes)),
            ("Connection", "close"),
            ("X-Request-Id", RequestID.generate()),
            ("Date", HTTPDate.now()),
        ])
        headers.add(contentsOf: extraHeaders)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }

    /// Schedules the next check at the nearest deadline, or one `tick` ahead: a request that
    /// starts meanwhile is seen within a tick, no longer than its own timeout.
    private func scheduleTimer(context: ChannelHandlerContext) {
        let now = NIODeadline.now()
        var next = now + limits.tick
        if let bodyStarted { next = min(next, bodyStarted + limits.bodyTimeout) }
        if state.readingRequest, let headStarted = state.headStarted { next = min(next, headStarted + limits.headTimeout) }
        if pending == 0, !state.readingRequest { next = min(next, idleSince + limits.idleTimeout) }
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: max(next, now + .milliseconds(1))) {
            self.timer = nil
            self.checkDeadlines(context: context)
        }
    }

    private func checkDeadlines(context: ChannelHandlerContext) {
        guard context.channel.isActive, !state.lingering else { return }
        let now = NIODeadline.now()
        if let bodyStarted, now - bodyStarted >= limits.bodyTimeout {
            if pending > 0 {
                refuseBody(context: context, .bodyTimedOut)
            } else {
                context.close(promise: nil)
            }
        } else if state.readingRequest, let headStarted = state.headStarted, now - headStarted >= limits.headTimeout {
            if pending == 0 {
                answer(context: context, status: .requestTimeout, code: "request_timeout", message: "The request head did not arrive in time")
            } else {
                context.close(promise: nil)
            }
        } else if pending == 0, !state.readingRequest, now - idleSince >= limits.idleTimeout {
            context.close(promise: nil)
            return
        }
        scheduleTimer(context: context)
    }
}

/// Why a request's body was cut off; the route reading it fails with this, and the error
/// middleware answers it.
enum RequestRefusal: Error, Sendable {
    /// The body passed the size limit (413).
    case bodyTooLarge
    /// The body did not arrive in time (408).
    case bodyTimedOut
    /// The client closed the connection before its body ended (499, never delivered).
    case clientClosed
}
