import NIOCore
import NIOHTTP1

/// Answers the health probes on the connection's event loop, ahead of the router:
/// `GET /api/health/live` at once, `GET /api/health` with the shared check's answer
/// (``ReadinessAnswers``).
///
/// Probes must stay cheap under load and keep answering when every handler task is busy: answered
/// here, right after NIO's HTTP/1 codec (before ``RequestDispatchHandler`` converts requests to
/// HTTP types, see ``ConnectHTTP1Channel``), they need no task, no conversion and no route lookup
/// per request. Every other request passes through untouched. The responses are the router's
/// (same bodies, `X-Request-Id`), without the request log line and request metrics. Responses keep
/// the order of pipelined requests: a probe behind a request the router is still answering goes
/// to the router too, and parts that arrive while a readiness answer is awaited wait for it.
final class HealthProbeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// `/api/health`; liveness is `/api/health/live`.
    static let readyPath = "/api/health"

    private enum Probe {
        case live
        case ready
    }

    /// Where readiness answers come from.
    private let readiness: ReadinessAnswers
    /// Requests handed to the router whose response has not ended yet.
    private var routerRequestsInFlight = 0
    /// Set while the parts of a probe request are being read (and swallowed).
    private var pending: (probe: Probe, requestID: String, version: HTTPVersion, keepAlive: Bool)?
    /// Set while a readiness answer is awaited; inbound parts wait in `deferred`.
    private var awaitingReadiness = false
    private var deferred: [NIOAny] = []

    init(readiness: ReadinessAnswers) {
        self.readiness = readiness
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if awaitingReadiness {
            deferred.append(data)
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let request):
            guard routerRequestsInFlight == 0, request.method == .GET, let probe = probe(for: request.uri) else {
                routerRequestsInFlight += 1
                context.fireChannelRead(data)
                return
            }
            let requestID = RequestID.adopting(request.headers.first(name: "x-request-id"))
            pending = (probe, requestID, request.version, request.isKeepAlive)
        case .body:
            if pending == nil { context.fireChannelRead(data) }
        case .end:
            guard let request = pending else {
                context.fireChannelRead(data)
                return
            }
            pending = nil
            switch request.probe {
            case .live:
                respond(context: context, status: .ok, body: LiveBody.buffer, requestID: request.requestID,
                        version: request.version, keepAlive: request.keepAlive)
            case .ready:
                awaitingReadiness = true
                readiness.answer(on: context.eventLoop).assumeIsolated().whenSuccess { answer in
                    self.awaitingReadiness = false
                    self.respond(context: context, status: answer.status, body: answer.body, requestID: request.requestID,
                                 version: request.version, keepAlive: request.keepAlive)
                    self.replayDeferred(context: context)
                }
            }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), routerRequestsInFlight > 0 { routerRequestsInFlight -= 1 }
        context.write(data, promise: promise)
    }

    /// The probe `target` asks for (any query string ignored), if it is one. Compares bytes: it
    /// runs for every request.
    private func probe(for target: String) -> Probe? {
        var target = target
        return target.withUTF8 { bytes in
            let ready = Self.readyPath.utf8.count
            guard bytes.count >= ready, Self.readyPath.utf8.elementsEqual(bytes[0..<ready]) else { return nil }
            let rest = bytes[ready...]
            if rest.isEmpty || rest.first == UInt8(ascii: "?") { return .ready }
            let live = "/live".utf8
            guard rest.count >= live.count, live.elementsEqual(rest.prefix(live.count)) else { return nil }
            let after = rest.dropFirst(live.count)
            return after.isEmpty || after.first == UInt8(ascii: "?") ? .live : nil
        }
    }

    /// Handles the parts that arrived while a readiness answer was awaited, until another one is.
    private func replayDeferred(context: ChannelHandlerContext) {
        guard !deferred.isEmpty else { return }
        while !deferred.isEmpty, !awaitingReadiness {
            channelRead(context: context, data: deferred.removeFirst())
        }
        context.fireChannelReadComplete()
    }

    private func respond(
        context: ChannelHandlerContext, status: HTTPResponseStatus, body: ByteBuffer, requestID: String,
        version: HTTPVersion, keepAlive: Bool
    ) {
        var headers = HTTPHeaders([
            ("Content-Type", "application/json"),
            ("Cache-Control", "no-store"),
            ("Content-Length", String(body.readableBytes)),
            ("X-Request-Id", requestID),
            ("Date", HTTPDate.now()),
        ])
        if !keepAlive {
            headers.add(name: "Connection", value: "close")
        } else if version.minor == 0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
