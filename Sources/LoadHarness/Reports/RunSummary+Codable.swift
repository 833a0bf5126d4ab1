import Foundation

/// The summary file's layout: k6-like `metrics` keyed by `name{tag:value}` with readable
/// `values`, plus what is needed to rebuild the run exactly (histograms, threshold definitions).
extension RunSummary: Codable {
    private enum CodingKeys: String, CodingKey {
        case version, scenario, startedAt, durationSeconds, segment, runs, metrics, thresholds, timeSeries
    }

    /// A threshold's definition and result in the file; the threshold is parsed again on reading.
    private struct ThresholdEntry: Codable {
        var metric: String
        var expression: String
        var abortOnFail: Bool
        var passed: Bool
        var value: Double?
        var problem: String?
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version <= Self.formatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: container,
                debugDescription: "summary format \(version) is newer than this connect-load's (\(Self.formatVersion))")
        }
        let started = try container.decode(String.self, forKey: .startedAt)
        guard let startedAt = Self.parseDate(started) else {
            throw DecodingError.dataCorruptedError(forKey: .startedAt, in: container, debugDescription: "'\(started)' is not ISO 8601")
        }
        let seconds = try container.decode(Double.self, forKey: .durationSeconds)
        guard seconds.isFinite, seconds >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .durationSeconds, in: container, debugDescription: "not a duration")
        }
        var metrics = MetricSet()
        for entry in try container.decode([String: SummaryMetric].self, forKey: .metrics).values {
            do {
                try entry.apply(to: &metrics)
            } catch {
                throw DecodingError.dataCorruptedError(forKey: .metrics, in: container, debugDescription: error.message)
            }
        }
        var thresholds: [ThresholdResult] = []
        var abortOnFail: Set<String> = []
        for entry in try container.decodeIfPresent([ThresholdEntry].self, forKey: .thresholds) ?? [] {
            let threshold: Threshold
            do {
                threshold = try Threshold(metric: entry.metric, expression: entry.expression)
            } catch {
                throw DecodingError.dataCorruptedError(forKey: .thresholds, in: container, debugDescription: error.description)
            }
            thresholds.append(ThresholdResult(threshold: threshold, value: entry.value, passed: entry.passed, problem: entry.problem))
            if entry.abortOnFail { abortOnFail.insert(threshold.description) }
        }
        self.init(
            scenario: try container.decode(String.self, forKey: .scenario), startedAt: startedAt,
            duration: .seconds(seconds), segment: try container.decodeIfPresent(String.self, forKey: .segment),
            metrics: metrics, thresholds: thresholds, abortOnFail: abortOnFail,
            timeSeries: try container.decodeIfPresent([TimeSeriesPoint].self, forKey: .timeSeries) ?? [],
            runs: try container.decodeIfPresent(Int.self, forKey: .runs) ?? 1)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .version)
        try container.encode(scenario, forKey: .scenario)
        try container.encode(Self.formatDate(startedAt), forKey: .startedAt)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encodeIfPresent(segment, forKey: .segment)
        try container.encode(runs, forKey: .runs)
        try container.encode(
            SummaryMetric.entries(
                of: metrics, duration: duration, percentiles: SummaryReport.defaultPercentiles, thresholds: thresholds),
            forKey: .metrics)
        let entries = thresholds.map {
            ThresholdEntry(
                metric: $0.threshold.metric.description, expression: $0.threshold.expression,
                abortOnFail: abortsOnFail($0.threshold), passed: $0.passed, value: $0.value, problem: $0.problem)
        }
        try container.encode(entries, forKey: .thresholds)
        try container.encode(timeSeries, forKey: .timeSeries)
    }

    /// UTC with milliseconds, rounded (the format style alone truncates, so a date would drift by
    /// a millisecond on each read and write).
    private static func formatDate(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (milliseconds / 1000).rounded(.down)
        let whole = Date(timeIntervalSince1970: seconds).formatted(Date.ISO8601FormatStyle())
        return whole.dropLast() + String(format: ".%03dZ", Int(milliseconds - seconds * 1000))
    }

    private static func parseDate(_ text: String) -> Date? {
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        guard let date = (try? fractional.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text)) else { return nil }
        return Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }
}
