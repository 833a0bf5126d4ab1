/// The names of the metrics the harness records itself (k6's, plus the uncorrected latency).
public enum BuiltinMetric {
    /// Counter: requests sent.
    public static let httpReqs = "http_reqs"
    /// Trend: request latency. Under open-model executors (arrival rate) the first request of an
    /// iteration is measured from the iteration's scheduled start, so time spent waiting for a
    /// free VU or a late scheduler counts (coordinated omission corrected); otherwise from send.
    public static let httpReqDuration = "http_req_duration"
    /// Trend: request latency from the moment it was actually sent, always; recorded by
    /// open-model executors only, beside the corrected `http_req_duration`.
    public static let httpReqDurationUncorrected = "http_req_duration_uncorrected"
    /// Trend: time from send to the response head.
    public static let httpReqWaiting = "http_req_waiting"
    /// Trend: time spent in TLS handshakes: a connection's first request carries its handshake,
    /// the requests that reuse the connection zero. Recorded for HTTPS requests only.
    public static let httpReqTLSHandshaking = "http_req_tls_handshaking"
    /// Rate: requests without a response, or answered outside 200–399.
    public static let httpReqFailed = "http_req_failed"
    /// Counter: iterations completed.
    public static let iterations = "iterations"
    /// Trend: time an iteration took.
    public static let iterationDuration = "iteration_duration"
    /// Gauge: active virtual users.
    public static let vus = "vus"
    /// Gauge: virtual users allocated.
    public static let vusMax = "vus_max"
    /// Counter: iterations an arrival-rate executor could not start because no VU was free.
    public static let droppedIterations = "dropped_iterations"
    /// Counter: bytes written to sockets.
    public static let dataSent = "data_sent"
    /// Counter: bytes read from sockets.
    public static let dataReceived = "data_received"
    /// Rate: checks that passed; sub-metrics `checks{check:NAME}`.
    public static let checks = "checks"

    /// Every built-in name; custom metrics may not reuse one.
    public static let all: Set<String> = [
        httpReqs, httpReqDuration, httpReqDurationUncorrected, httpReqWaiting, httpReqTLSHandshaking, httpReqFailed, iterations,
        iterationDuration, vus, vusMax, droppedIterations, dataSent, dataReceived, checks,
    ]
}
