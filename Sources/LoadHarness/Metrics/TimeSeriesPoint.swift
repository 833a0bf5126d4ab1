/// One second (or progress interval) of a run, for the live progress line and the HTML report's
/// charts: what happened between the previous point and this one.
public struct TimeSeriesPoint: Sendable, Codable, Equatable {
    /// Seconds since the run started, at the end of the interval.
    public var elapsed: Double
    /// Requests that ended in the interval.
    public var requests: Int
    /// Of those, the failed ones (`http_req_failed`).
    public var failed: Int
    /// Median `http_req_duration` of the interval, in milliseconds (0 without requests).
    public var p50: Double
    /// 95th percentile, in milliseconds.
    public var p95: Double
    /// 99th percentile, in milliseconds.
    public var p99: Double
    /// Active VUs at the end of the interval.
    public var vus: Int
    /// Iterations completed in the interval.
    public var iterations: Int
    /// Iterations dropped by arrival-rate executors in the interval.
    public var droppedIterations: Int

    /// - Parameters: the interval's figures, as the properties describe them.
    public init(
        elapsed: Double, requests: Int, failed: Int, p50: Double, p95: Double, p99: Double, vus: Int,
        iterations: Int, droppedIterations: Int
    ) {
        self.elapsed = elapsed
        self.requests = requests
        self.failed = failed
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
        self.vus = vus
        self.iterations = iterations
        self.droppedIterations = droppedIterations
    }
}
