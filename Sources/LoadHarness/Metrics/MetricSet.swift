/// Every metric and sub-metric of a run (or of one virtual user), by kind.
public struct MetricSet: Sendable {
    /// Duration distributions.
    public var trends: [MetricKey: Trend] = [:]
    /// Sums.
    public var counters: [MetricKey: Counter] = [:]
    /// Shares of true samples.
    public var rates: [MetricKey: Rate] = [:]
    /// Last values.
    public var gauges: [MetricKey: Gauge] = [:]

    /// An empty set.
    public init() {}

    /// Adds every sample of `other`, metric by metric.
    public mutating func merge(_ other: MetricSet) {
        for (key, trend) in other.trends { trends.add(trend, at: key) }
        for (key, counter) in other.counters { counters.add(counter, at: key) }
        for (key, rate) in other.rates { rates.add(rate, at: key) }
        for (key, gauge) in other.gauges { gauges.add(gauge, at: key) }
    }

    /// All keys, sorted by name, the metric before its sub-metrics.
    public var keys: [MetricKey] {
        (Array(trends.keys) + Array(counters.keys) + Array(rates.keys) + Array(gauges.keys)).sorted()
    }
}
