import ConnectCore
import HTTPTypes
import Hummingbird
import Logging

/// The outermost layer of every routed request, in one middleware: it gives the request its id
/// (``RequestID``, in the task's ``RequestLogContext`` — whose metadata provider puts it on every
/// line the request's task logs — and the response's `X-Request-Id`), then, after the response,
/// records the request metrics (``RequestMetrics``) and writes the access-log line
/// (``AccessLog``). With tracing on, the request's span (``RequestTracing``) covers the metrics,
/// the log line and everything below.
///
/// One layer rather than three: each middleware is async frames and closures per request, and
/// when tasks still hopped through the event loop's task queue these three cost 15–20 % of the
/// router floor (docs/BENCHMARKS.md, "One observation layer").
public struct RequestObservationMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Whether every request gets a span.
    let tracing: Bool
    private let metrics = RequestMetrics()

    public init(tracing: Bool = false) {
        self.tracing = tracing
    }

    @concurrent public func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = RequestID.adopting(request.headers[.requestID])
        var response = try await RequestLogContext.$current.withValue(RequestLogContext(requestID: requestID)) {
            if tracing {
                return try await RequestTracing.traced(request, context: context) {
                    let started = ContinuousClock.now
                    let response = try await next(request, context)
                    record(request, context: context, response: response, since: started)
                    return response
                }
            }
            let started = ContinuousClock.now
            let response = try await next(request, context)
            record(request, context: context, response: response, since: started)
            return response
        }
        response.headers[.requestID] = requestID
        return response
    }

    /// The request's metrics and access-log line, once its response is known.
    private func record(_ request: Request, context: Context, response: Response, since started: ContinuousClock.Instant) {
        let method = request.method.rawValue
        let route = context.endpointPath ?? "unmatched"
        let status = Int(response.status.code)
        metrics.record(method: method, route: route, status: status, since: started)
        AccessLog.write(
            to: context.logger, method: method, route: route, status: status, since: started, bytes: response.body.contentLength)
    }
}
