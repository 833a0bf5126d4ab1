import Foundation

/// Everything a run leaves behind, as `--summary-json` writes it: the scenario, when and how long
/// it ran, every metric (trends with their histograms, so percentiles survive exactly), the
/// thresholds with their results, and the per-second time series. Summaries of segments merge
/// into the summary of the whole run (``merge(_:)``).
public struct RunSummary: Sendable {
    /// The summary file format this code writes.
    public static let formatVersion = 1

    /// The scenario's name, e.g. `smoke`.
    public var scenario: String
    /// When the run started.
    public var startedAt: Date
    /// How long it ran (counters' per-second rates use it).
    public var duration: Duration
    /// The execution segment this process ran, e.g. `1/2`; nil for a whole run.
    public var segment: String?
    /// How many runs this summary covers: 1, or the number of segments merged into it.
    public var runs: Int
    /// Every metric and sub-metric.
    public var metrics: MetricSet
    /// The thresholds, evaluated on `metrics`.
    public var thresholds: [ThresholdResult]
    /// The thresholds (by `Threshold.description`, `metric expression`) that abort a run when they fail.
    public var abortOnFail: Set<String>
    /// One point per second (or progress interval), for charts.
    public var timeSeries: [TimeSeriesPoint]

    /// - Parameters:
    ///   - scenario: the scenario's name.
    ///   - startedAt: when the run started.
    ///   - duration: how long it ran.
    ///   - segment: the execution segment, e.g. `1/2`, or nil for a whole run.
    ///   - metrics: every metric recorded.
    ///   - thresholds: the thresholds, evaluated on `metrics`.
    ///   - abortOnFail: the descriptions (`metric expression`) of the thresholds marked abortOnFail.
    ///   - timeSeries: the run's time series.
    ///   - runs: how many runs it covers (more than 1 after a merge).
    public init(
        scenario: String, startedAt: Date, duration: Duration, segment: String? = nil, metrics: MetricSet,
        thresholds: [ThresholdResult] = [], abortOnFail: Set<String> = [], timeSeries: [TimeSeriesPoint] = [],
        runs: Int = 1
    ) {
        self.scenario = scenario
        self.startedAt = startedAt
        self.duration = duration
        self.segment = segment
        self.runs = runs
        self.metrics = metrics
        self.thresholds = thresholds
        self.abortOnFail = abortOnFail
        self.timeSeries = timeSeries
    }

    /// Whether every threshold passed.
    public var passed: Bool { thresholds.allSatisfy(\.passed) }

    /// Whether `threshold` was marked abortOnFail.
    public func abortsOnFail(_ threshold: Threshold) -> Bool { abortOnFail.contains(threshold.description) }

    /// The k6-style text summary of this run.
    public var report: SummaryReport { SummaryReport(metrics: metrics, duration: duration, thresholds: thresholds) }

    /// The run's duration in seconds.
    public var durationSeconds: Double { Self.seconds(duration) }

    /// `duration` in seconds, as a floating-point number.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The summary as pretty-printed JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a summary written by ``jsonData()``.
    public init(jsonData: Data) throws {
        self = try JSONDecoder().decode(RunSummary.self, from: jsonData)
    }

    /// Writes the JSON to `url`.
    public func write(to url: URL) throws {
        try jsonData().write(to: url, options: .atomic)
    }

    /// Reads a summary file.
    public init(contentsOf url: URL) throws {
        try self.init(jsonData: Data(contentsOf: url))
    }
}
