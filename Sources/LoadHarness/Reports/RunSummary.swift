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
    public var durationSeconds: Double { duration.inSeconds }

    /// The summary as pretty-printed JSON with sorted keys; each histogram's buckets on one line.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Self.joiningBucketLines(try encoder.encode(self))
    }

    /// `json` with the whitespace inside every `"buckets"` array removed: pretty printing would
    /// give each `[value, count]` pair four lines.
    static func joiningBucketLines(_ json: Data) -> Data {
        let key = Array("\"buckets\" : [".utf8)
        let bytes = Array(json)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == key[0], bytes[index...].starts(with: key) else {
                output.append(bytes[index])
                index += 1
                continue
            }
            output.append(contentsOf: key)
            index += key.count
            var depth = 1
            while index < bytes.count, depth > 0 {
                let byte = bytes[index]
                if byte == UInt8(ascii: "[") { depth += 1 }
                if byte == UInt8(ascii: "]") { depth -= 1 }
                if byte != UInt8(ascii: " "), byte != UInt8(ascii: "\n") { output.append(byte) }
                index += 1
            }
        }
        return Data(output)
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
