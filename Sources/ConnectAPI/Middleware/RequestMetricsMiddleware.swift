import ConnectCore
import Hummingbird
import Metrics

/// Counts requests and times them per route (the registered path, not the raw URI, so ids do not
/// explode the label set) and status. Liveness probes answered on the event loop are not counted.
public struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        let method = request.method.rawValue
        Counter(label: "connect_http_requests_total", dimensions: [
            ("method", method), ("route", route), ("status", String(response.status.code)),
        ]).increment()
        Timer(label: "connect_http_request_duration_seconds", dimensions: [("method", method), ("route", route)])
            .recordInterval(since: started)
        return response
    }
}

