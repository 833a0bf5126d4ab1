extension MetricSet {
    /// The samples a k6 (sub-)metric selects, under `key` alone: for a metric, itself; for a
    /// sub-metric such as `http_req_duration{type:read}`, every tag combination recorded under
    /// that name whose tags include all of the key's, merged (k6's sub-metric semantics).
    public func matching(_ key: MetricKey) -> MetricSet {
        var selected = MetricSet()
        func matches(_ candidate: MetricKey) -> Bool {
            guard candidate.name == key.name else { return false }
            if key.tags.isEmpty { return candidate.tags.isEmpty }
            return key.tags.allSatisfy { candidate.tags.contains($0) }
        }
        for (candidate, trend) in trends where matches(candidate) { selected.trends[key, default: Trend()].merge(trend) }
        for (candidate, counter) in counters where matches(candidate) { selected.counters[key, default: Counter()].merge(counter) }
        for (candidate, rate) in rates where matches(candidate) { selected.rates[key, default: Rate()].merge(rate) }
        for (candidate, gauge) in gauges where matches(candidate) { selected.gauges[key, default: Gauge()].merge(gauge) }
        return selected
    }
}
