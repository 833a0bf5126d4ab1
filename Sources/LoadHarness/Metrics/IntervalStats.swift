/// What a sink saw since the progress sampler last drained it: the requests, failures and
/// iterations of the interval and its `http_req_duration` distribution.
public struct IntervalStats: Sendable {
    /// Requests that ended.
    public var requests = 0
    /// Failed requests.
    public var failed = 0
    /// Iterations completed.
    public var iterations = 0
    /// The interval's latencies (corrected, as `http_req_duration`).
    public var durations = Trend()

    /// Empty stats.
    public init() {}

    /// Adds another interval's stats.
    public mutating func merge(_ other: IntervalStats) {
        requests += other.requests
        failed += other.failed
        iterations += other.iterations
        durations.merge(other.durations)
    }
}
