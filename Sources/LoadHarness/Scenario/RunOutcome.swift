import Foundation

/// What a scenario run produced: its metrics, the thresholds' results and the time series.
public struct RunOutcome: Sendable {
    /// The scenario's name.
    public let scenario: String
    /// When the test (after setup) started.
    public let startedAt: Date
    /// How long the test took, setup excluded.
    public let duration: Duration
    /// Everything recorded.
    public let metrics: MetricSet
    /// The thresholds, evaluated at the end.
    public let thresholds: [ThresholdResult]
    /// The thresholds declared with `abortOnFail`, by description.
    public let abortOnFail: Set<String>
    /// One point per second.
    public let timeSeries: [TimeSeriesPoint]
    /// For capacity scenarios: the highest request rate held within the SLO.
    public let capacity: Double?
    /// Why the run stopped early, if it did.
    public let abortReason: String?
    /// Run-time problems, each with its count.
    public let errors: [(message: String, count: Int)]
    /// With `--traceparent`: the slowest requests and their trace ids, slowest first.
    public var slowestTraced: [TracedRequest] = []

    /// Whether every threshold passed and the run was not aborted.
    public var passed: Bool { abortReason == nil && thresholds.allSatisfy(\.passed) }
}
