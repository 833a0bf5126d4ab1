import NIOCore
import NIOHTTP1

/// Answers `GET /api/health/live` on the connection's event loop, ahead of Hummingbird.
///
/// Liveness must touch nothing and cost nothing: answered here, right after NIO's HTTP/1 codec
/// (below the conversion to HTTP types, see ``ConnectHTTP1Channel``), it needs no hop to the
/// Swift cooperative pool and no conversion of heads, so probes stay cheap under load and the
/// process keeps answering them even when every handler task is busy. Every other request passes
/// through untouched. The response is the router's `/api/health/live` (same body, `X-Request-Id`).
/// While an earlier request on the connection is still being answered by the router (HTTP
/// pipelining), a liveness request goes to the router too, so responses keep their order.
final class LivenessProbeHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Requests handed to the router whose response has not ended yet.
    private var routerRequestsInFlight = 0

    static let path = "/api/health/live"

    /// Set while the parts of a liveness request are being read (and swallowed).
    private var pending: (requestID: String, version: HTTPVersion, keepAlive: Bool)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            guard routerRequestsInFlight == 0, request.method == .GET, Self.isLivenessPath(request.uri) else {
                routerRequestsInFlight += 1
                context.fireChannelRead(data)
                return
            }
            let incoming = request.headers.first(name: "x-request-id")
            let requestID = incoming.flatMap { RequestIDMiddleware<ConnectRequestContext>.isAcceptable($0) ? $0 : nil }
                ?? RequestIDMiddleware<ConnectRequestContext>.generate()
            pending = (requestID, request.version, request.isKeepAlive)
        case .body:
            if pending == nil { context.fireChannelRead(data) }
        case .end:
            guard let answer = pending else {
                context.fireChannelRead(data)
                return
            }
            pending = nil
            respond(context: context, requestID: answer.requestID, version: answer.version, keepAlive: answer.keepAlive)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), routerRequestsInFlight > 0 { routerRequestsInFlight -= 1 }
        context.write(data, promise: promise)
    }

    private func respond(context: ChannelHandlerContext, requestID: String, version: HTTPVersion, keepAlive: Bool) {
        var headers = HTTPHeaders([
            ("Content-Type", "application/json"),
            ("Cache-Control", "no-store"),
            ("Content-Length", "15"),
            ("X-Request-Id", requestID),
            ("Date", HTTPDate.now()),
        ])
        if !keepAlive {
            headers.add(name: "Connection", value: "close")
        } else if version.minor == 0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        let head = HTTPResponseHead(version: version, status: .ok, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(LiveBody.buffer))), promise: nil)
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            written.whenComplete { _ in loopBound.value.close(promise: nil) }
        }
    }

    /// The path, ignoring any query string.
    static func isLivenessPath(_ target: String) -> Bool {
        guard target.utf8.count >= path.utf8.count, target.hasPrefix(path) else { return false }
        let rest = target.dropFirst(path.count)
        return rest.isEmpty || rest.first == "?"
    }
}
