import Foundation

/// One sample as it was recorded, with its wall-clock time: what the live outputs (`--out
/// json=`, `--out csv=`) write, one line per k6 metric point. Kept only when a run has outputs.
public struct LiveSample: Sendable {
    /// What was recorded.
    public enum Kind: Sendable {
        /// A request: it expands into `http_reqs`, `http_req_duration`, `http_req_waiting`,
        /// `http_req_failed`, `data_sent`, `data_received` (and the TLS and uncorrected figures).
        case request(Request)
        /// A completed iteration and its duration (`iterations`, `iteration_duration`).
        case iteration(Duration)
        /// A duration added to a trend.
        case trend(String, Duration)
        /// An amount added to a counter.
        case counter(String, Double)
        /// A sample of a rate (checks are `checks` with a `check` tag).
        case rate(String, Bool)
        /// A gauge's new value.
        case gauge(String, Double)
    }

    /// The figures of one request.
    public struct Request: Sendable {
        /// The method, e.g. `GET`.
        public var method: String
        /// The path and query.
        public var path: String
        /// The status, 0 without a response.
        public var status: Int
        /// Why there was no response.
        public var error: String?
        /// The latency (corrected for coordinated omission under open models).
        public var duration: Duration
        /// The latency from the actual send, when it differs in meaning from `duration`.
        public var uncorrected: Duration?
        /// Time to the response head.
        public var waiting: Duration
        /// The TLS handshake, on HTTPS.
        public var tlsHandshaking: Duration?
        /// Whether k6 counts it failed.
        public var failed: Bool
        /// Bytes written.
        public var sent: Int
        /// Bytes read.
        public var received: Int
    }

    /// When it was recorded.
    public var time: Date
    /// The sample's tags (a request's own tags; `check` for checks).
    public var tags: [String: String]
    /// What was recorded.
    public var kind: Kind
}
