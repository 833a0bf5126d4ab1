/// A metric whose samples from several sinks, VUs or runs add up into one (k6 merges nothing
/// approximately: histograms bucket by bucket, counters and rates by their counts).
public protocol MergeableMetric: Sendable {
    /// Adds every sample of `other`.
    mutating func merge(_ other: Self)
}

extension Counter: MergeableMetric {}
extension Trend: MergeableMetric {}
extension Rate: MergeableMetric {}
extension Gauge: MergeableMetric {}

extension Dictionary where Key == MetricKey, Value: MergeableMetric {
    /// Stores `metric` under `key`, or merges it into the one there (storing shares the
    /// metric's storage: no histogram is allocated or copied).
    mutating func add(_ metric: Value, at key: MetricKey) {
        if self[key] == nil { self[key] = metric } else { self[key]!.merge(metric) }
    }
}
