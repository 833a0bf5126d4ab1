import ConnectCore
import HTTPTypes
import Hummingbird
import Tracing

/// A server span per request (only when tracing is on; ``RequestObservationMiddleware`` calls it
/// inside the request's id scope, around the metrics, the access log and everything below): the
/// caller's W3C `traceparent` (and `tracestate`) is honoured as the parent, the span is named
/// `METHOD /route` and carries the method, route, status and user, and the response carries the
/// request's own `traceparent` so a client can find its trace. Statements, Redis commands and
/// model calls made while the request is served are child spans of it.
enum RequestTracing {
    /// Runs `respond` in the request's span.
    static func traced<Context: RequestContext>(
        _ request: Request, context: Context, _ respond: () async throws -> Response
    ) async throws -> Response {
        var parent = ServiceContext.current ?? .topLevel
        InstrumentationSystem.instrument.extract(request.headers, into: &parent, using: HTTPFieldsExtractor())
        return try await withSpan(request.method.rawValue, context: parent, ofKind: .server) { span in
            // An unsampled span records nothing: its attributes are not worth computing.
            let recording = span.isRecording
            if recording {
                span.attributes["http.request.method"] = request.method.rawValue
                span.attributes["url.path"] = request.uri.path
                if let requestID = RequestLogContext.current?.requestID { span.attributes["connect.request_id"] = requestID }
            }
            var response: Response
            do {
                response = try await TracedWork.$active.withValue(true) { try await respond() }
            } catch {
                span.recordError(error)
                throw error
            }
            if recording {
                let route = context.endpointPath ?? "unmatched"
                span.operationName = "\(request.method.rawValue) \(route)"
                span.attributes["http.route"] = route
                span.attributes["http.response.status_code"] = Int(response.status.code)
                if let user = RequestLogContext.current?.userID { span.attributes["enduser.id"] = user }
                if response.status.code >= 500 { span.setStatus(SpanStatus(code: .error)) }
            }
            InstrumentationSystem.instrument.inject(span.context, into: &response.headers, using: HTTPFieldsInjector())
            return response
        }
    }
}

/// Reads propagation headers (`traceparent`, `tracestate`) from a request.
struct HTTPFieldsExtractor: Extractor {
    func extract(key: String, from carrier: HTTPFields) -> String? {
        guard let name = HTTPField.Name(key) else { return nil }
        return carrier[name]
    }
}

/// Writes propagation headers into a response.
struct HTTPFieldsInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout HTTPFields) {
        guard let name = HTTPField.Name(key) else { return }
        carrier[name] = value
    }
}
