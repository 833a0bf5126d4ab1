/// Merging the summaries of a run's segments (`--segment i/n` on several machines) into one.
extension RunSummary {
    /// Gauges that count what each segment ran, so the whole run's figure is their sum.
    static let summedGauges: Set<String> = [BuiltinMetric.vus, BuiltinMetric.vusMax]

    /// The summary of the whole run: histograms merged bucket by bucket (percentiles are exact,
    /// never averaged), counters and rates summed, `vus` and `vus_max` summed (each segment runs a
    /// slice of the VUs), other gauges merged as gauges, duration the longest, thresholds evaluated
    /// again on the merged metrics. Time-series points are aligned by elapsed second and summed;
    /// their percentiles are request-weighted means of the segments', so chart points are
    /// approximate while the metrics are exact.
    /// - Throws: ``RunSummaryError`` without summaries, for summaries of different scenarios, or
    ///   for a segment given twice.
    public static func merge(_ summaries: [RunSummary]) throws(RunSummaryError) -> RunSummary {
        guard let first = summaries.first else { throw RunSummaryError("no summaries to merge") }
        let scenarios = Set(summaries.map(\.scenario))
        guard scenarios.count == 1 else {
            throw RunSummaryError("summaries of different scenarios: \(scenarios.sorted().joined(separator: ", "))")
        }
        let segment = try mergedSegment(summaries.map(\.segment))

        var metrics = MetricSet()
        var summedGauges: [MetricKey: (value: Double, min: Double, max: Double)] = [:]
        for summary in summaries {
            var rest = summary.metrics
            for (key, gauge) in summary.metrics.gauges where Self.summedGauges.contains(key.name) {
                rest.gauges[key] = nil
                let sum = summedGauges[key] ?? (0, 0, 0)
                summedGauges[key] = (sum.value + gauge.value, sum.min + gauge.min, sum.max + gauge.max)
            }
            metrics.merge(rest)
        }
        for (key, sum) in summedGauges { metrics.gauges[key] = Gauge(value: sum.value, min: sum.min, max: sum.max) }

        var definitions: [Threshold] = []
        var seen: Set<String> = []
        for result in summaries.flatMap(\.thresholds) where seen.insert(result.threshold.description).inserted {
            definitions.append(result.threshold)
        }
        let duration = summaries.map(\.duration).max() ?? first.duration
        return RunSummary(
            scenario: first.scenario, startedAt: summaries.map(\.startedAt).min() ?? first.startedAt, duration: duration,
            segment: segment, metrics: metrics, thresholds: definitions.map { $0.evaluate(metrics, duration: duration) },
            abortOnFail: summaries.reduce(into: []) { $0.formUnion($1.abortOnFail) },
            timeSeries: mergedTimeSeries(summaries.map(\.timeSeries)), runs: summaries.reduce(0) { $0 + $1.runs })
    }

    /// The merged run's segment: nil when the segments cover the whole run (or none was given),
    /// else the segments merged, e.g. `1/3,2/3`.
    private static func mergedSegment(_ segments: [String?]) throws(RunSummaryError) -> String? {
        let given = segments.compactMap { $0 }.flatMap { $0.split(separator: ",").map(String.init) }
        var seen: Set<String> = []
        for segment in given where !seen.insert(segment).inserted {
            throw RunSummaryError("segment \(segment) is given twice")
        }
        guard !given.isEmpty, !segments.contains(nil) else { return nil }
        let parts = given.map { $0.split(separator: "/").map { Int($0) } }
        guard parts.allSatisfy({ $0.count == 2 && $0[0] != nil && $0[1] != nil }) else { return given.joined(separator: ",") }
        let fractions = parts.map { (index: $0[0] ?? 0, count: $0[1] ?? 0) }
        let counts = Set(fractions.map(\.count))
        guard counts.count == 1, let count = counts.first else {
            throw RunSummaryError("segments of different splits: \(given.joined(separator: ", "))")
        }
        if count >= 1, Set(fractions.map(\.index)) == Set(1...count) { return nil }
        return fractions.sorted { $0.index < $1.index }.map { "\($0.index)/\($0.count)" }.joined(separator: ",")
    }

    /// The series summed second by second. Within one series, points falling in the same second
    /// are combined first (their last `vus` kept), so a shorter progress interval counts VUs once.
    static func mergedTimeSeries(_ series: [[TimeSeriesPoint]]) -> [TimeSeriesPoint] {
        var seconds: [Int: [TimeSeriesPoint]] = [:]
        for points in series {
            var own: [Int: [TimeSeriesPoint]] = [:]
            for point in points { own[Int(point.elapsed.rounded()), default: []].append(point) }
            for (second, group) in own {
                var point = combine(group, elapsed: Double(second))
                point.vus = group.max { $0.elapsed < $1.elapsed }?.vus ?? 0
                seconds[second, default: []].append(point)
            }
        }
        return seconds.keys.sorted().map { combine(seconds[$0] ?? [], elapsed: Double($0)) }
    }

    /// Counts summed; percentiles weighted by each point's requests (approximate).
    private static func combine(_ points: [TimeSeriesPoint], elapsed: Double) -> TimeSeriesPoint {
        let requests = points.reduce(0) { $0 + $1.requests }
        func weighted(_ value: KeyPath<TimeSeriesPoint, Double>) -> Double {
            requests == 0 ? 0 : points.reduce(0) { $0 + $1[keyPath: value] * Double($1.requests) } / Double(requests)
        }
        return TimeSeriesPoint(
            elapsed: elapsed, requests: requests, failed: points.reduce(0) { $0 + $1.failed },
            p50: weighted(\.p50), p95: weighted(\.p95), p99: weighted(\.p99), vus: points.reduce(0) { $0 + $1.vus },
            iterations: points.reduce(0) { $0 + $1.iterations },
            droppedIterations: points.reduce(0) { $0 + $1.droppedIterations })
    }
}
