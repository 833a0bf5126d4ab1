import ConnectCore
import Hummingbird
import Logging

/// One `info` line per request, after its response: `method`, `route` (the registered path, so
/// ids do not spread over lines), `status`, `duration_ms`, `bytes` (the response body, when its
/// length is known), with `request_id` and `user_id` from the request's ``RequestLogContext``.
/// The health probes are answered on the event loop before the router and are not logged.
public struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        guard context.logger.logLevel <= .info else { return response }
        let (seconds, attoseconds) = (ContinuousClock.now - started).components
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue),
            "route": .string(context.endpointPath ?? "unmatched"),
            "status": .stringConvertible(response.status.code),
            "duration_ms": .stringConvertible((Double(seconds) * 1000 + Double(attoseconds) / 1e15).rounded(toPlaces: 3)),
        ]
        if let bytes = response.body.contentLength { metadata["bytes"] = .stringConvertible(bytes) }
        context.logger.info("request", metadata: metadata)
        return response
    }
}

extension Double {
    /// The value rounded to `places` decimals, for log fields.
    fileprivate func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
