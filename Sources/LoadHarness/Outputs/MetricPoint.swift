import Foundation

/// One k6 metric point: what a ``LiveSample`` expands into in the live outputs, with k6's
/// metric names, types and tags, so tools that read k6's JSON or CSV output read ours.
public struct MetricPoint: Sendable {
    /// k6's metric types.
    public enum MetricType: String, Sendable {
        case counter, gauge, rate, trend
    }

    /// The metric, e.g. `http_req_duration`.
    public var metric: String
    /// Its type.
    public var type: MetricType
    /// What its values are: `time` (milliseconds), `data` (bytes) or `default`.
    public var contains: String
    /// The value: milliseconds for times, 0 or 1 for rates.
    public var value: Double
    /// The point's tags.
    public var tags: [String: String]
    /// When it was recorded.
    public var time: Date
}

extension LiveSample {
    /// The k6 points of this sample. A request's points carry its own tags plus k6's `method`,
    /// `url`, `name` (the URL unless the request is named), `status`, `proto`,
    /// `expected_response` and, without a response, `error`; `scenario` names the scenario.
    /// - Parameters:
    ///   - origin: `scheme://host:port` of the target, prefixed to request paths for `url`.
    ///   - scenario: the scenario the sample belongs to, unless its tags name one.
    public func points(origin: String, scenario: String) -> [MetricPoint] {
        var tags = self.tags
        if tags["scenario"] == nil { tags["scenario"] = scenario }
        func point(_ metric: String, _ type: MetricPoint.MetricType, _ value: Double, contains: String = "default") -> MetricPoint {
            MetricPoint(metric: metric, type: type, contains: contains, value: value, tags: tags, time: time)
        }
        switch kind {
        case .request(let request):
            let url = origin + request.path
            tags["method"] = request.method
            tags["url"] = url
            if tags["name"] == nil { tags["name"] = url }
            tags["status"] = String(request.status)
            tags["proto"] = "HTTP/1.1"
            tags["expected_response"] = request.failed ? "false" : "true"
            if let error = request.error { tags["error"] = error }
            var points = [
                point(BuiltinMetric.httpReqs, .counter, 1),
                point(BuiltinMetric.httpReqDuration, .trend, request.duration.inMilliseconds, contains: "time"),
                point(BuiltinMetric.httpReqWaiting, .trend, request.waiting.inMilliseconds, contains: "time"),
                point(BuiltinMetric.httpReqFailed, .rate, request.failed ? 1 : 0),
                point(BuiltinMetric.dataSent, .counter, Double(request.sent), contains: "data"),
                point(BuiltinMetric.dataReceived, .counter, Double(request.received), contains: "data"),
            ]
            if let uncorrected = request.uncorrected {
                points.append(point(BuiltinMetric.httpReqDurationUncorrected, .trend, uncorrected.inMilliseconds, contains: "time"))
            }
            if let handshake = request.tlsHandshaking {
                points.append(point(BuiltinMetric.httpReqTLSHandshaking, .trend, handshake.inMilliseconds, contains: "time"))
            }
            return points
        case .iteration(let duration):
            return [
                point(BuiltinMetric.iterations, .counter, 1),
                point(BuiltinMetric.iterationDuration, .trend, duration.inMilliseconds, contains: "time"),
            ]
        case .trend(let name, let duration):
            return [point(name, .trend, duration.inMilliseconds, contains: "time")]
        case .counter(let name, let value):
            return [point(name, .counter, value, contains: name == BuiltinMetric.dataSent || name == BuiltinMetric.dataReceived ? "data" : "default")]
        case .rate(let name, let sample):
            return [point(name, .rate, sample ? 1 : 0)]
        case .gauge(let name, let value):
            return [point(name, .gauge, value)]
        }
    }
}
