import ConnectCore
import Metrics

/// The request metrics: a count and a duration per route (the registered path, not the raw URI,
/// so ids do not explode the label set) and status. Liveness probes answered on the event loop
/// are not counted.
enum RequestMetrics {
    /// Counts one answered request and records how long it took since `started`.
    static func record(method: String, route: String, status: Int, since started: ContinuousClock.Instant) {
        Counter(label: "connect_http_requests_total", dimensions: [
            ("method", method), ("route", route), ("status", String(status)),
        ]).increment()
        Timer(label: "connect_http_request_duration_seconds", dimensions: [("method", method), ("route", route)])
            .recordInterval(since: started)
    }
}
