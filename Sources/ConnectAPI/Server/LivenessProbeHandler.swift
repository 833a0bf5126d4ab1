import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `GET /api/health/live` on the connection's event loop, ahead of Hummingbird's router.
///
/// Liveness must touch nothing and cost nothing: answered here it needs no hop to the Swift
/// cooperative pool, so probes stay cheap under load and the process keeps answering them even
/// when every handler task is busy. Every other request passes through untouched. The response is
/// the router's `/api/health/live` (same body, `X-Request-Id`). While an earlier request on the
/// connection is still being answered by the router (HTTP pipelining), a liveness request goes to
/// the router too, so responses keep the order of their requests.
final class LivenessProbeHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Requests handed to the router whose response has not ended yet.
    private var routerRequestsInFlight = 0

    static let path = "/api/health/live"

    /// Set while the parts of a liveness request are being read (and swallowed).
    private var pending: (requestID: String, close: Bool)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            guard routerRequestsInFlight == 0, request.method == .get, Self.isLivenessPath(request.path) else {
                routerRequestsInFlight += 1
                context.fireChannelRead(data)
                return
            }
            let incoming = request.headerFields[.requestID]
            let requestID = incoming.flatMap { RequestIDMiddleware<ConnectRequestContext>.isAcceptable($0) ? $0 : nil }
                ?? RequestIDMiddleware<ConnectRequestContext>.generate()
            let close = request.headerFields[.connection]?.lowercased().contains("close") ?? false
            pending = (requestID, close)
        case .body:
            if pending == nil { context.fireChannelRead(data) }
        case .end:
            guard let answer = pending else {
                context.fireChannelRead(data)
                return
            }
            pending = nil
            respond(context: context, requestID: answer.requestID, close: answer.close)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), routerRequestsInFlight > 0 { routerRequestsInFlight -= 1 }
        context.write(data, promise: promise)
    }

    private func respond(context: ChannelHandlerContext, requestID: String, close: Bool) {
        var fields: HTTPFields = [
            .contentType: "application/json",
            .cacheControl: "no-store",
            .contentLength: "15",
            .requestID: requestID,
            .date: HTTPDate.now(),
        ]
        if close { fields[.connection] = "close" }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .ok, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(LiveBody.buffer)), promise: nil)
        if close {
            let closed = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            closed.whenComplete { _ in loopBound.value.close(promise: nil) }
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    /// The path, ignoring any query string.
    static func isLivenessPath(_ target: String?) -> Bool {
        guard let target else { return false }
        guard target.utf8.count >= path.utf8.count, target.hasPrefix(path) else { return false }
        let rest = target.dropFirst(path.count)
        return rest.isEmpty || rest.first == "?"
    }
}
