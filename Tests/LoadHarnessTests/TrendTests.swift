import LoadHarness
import Testing

@Suite struct TrendTests {
    /// 1 µs … 100 ms, one sample each: percentiles are known exactly, up to three significant digits.
    static func uniform(_ range: ClosedRange<UInt64>) -> Trend {
        var trend = Trend()
        for value in range { trend.record(microseconds: value) }
        return trend
    }

    @Test func percentilesOfKnownData() {
        let trend = Self.uniform(1...100_000)
        #expect(trend.count == 100_000)
        #expect(trend.min == 0.001)
        #expect(trend.max == 100)
        #expect(abs(trend.avg - 50.0005) < 1e-9)
        for (percentile, expected) in [(50.0, 50.0), (90, 90), (95, 95), (99, 99), (99.9, 99.9)] {
            let value = trend.percentile(percentile)
            #expect(abs(value - expected) / expected < 0.001, "p(\(percentile)) = \(value)")
        }
        #expect(trend.med == trend.percentile(50))
    }

    @Test func durationsAreRecordedInMicroseconds() {
        var trend = Trend()
        trend.record(.milliseconds(5))
        trend.record(.microseconds(1500))
        trend.record(.seconds(7200))
        #expect(trend.min == 1.5)
        #expect(trend.max == Double(Trend.highestTrackableMicroseconds) / 1000)
        #expect(trend.count == 3)
    }

    @Test func mergeEqualsOneTrendOfTheUnion() {
        var merged = Self.uniform(1...40_000)
        merged.merge(Self.uniform(40_001...100_000))
        let union = Self.uniform(1...100_000)
        #expect(merged.count == union.count)
        #expect(merged.avg == union.avg)
        #expect(merged.min == union.min)
        #expect(merged.max == union.max)
        for percentile in [1.0, 50, 90, 95, 99, 99.99] {
            #expect(merged.percentile(percentile) == union.percentile(percentile))
        }
    }

    @Test func emptyTrendReportsZeros() {
        let trend = Trend()
        #expect(trend.count == 0)
        #expect(trend.avg == 0 && trend.min == 0 && trend.max == 0 && trend.percentile(95) == 0)
    }

    @Test func registryMergesSinks() {
        let registry = MetricsRegistry()
        let first = registry.makeSink()
        let second = registry.makeSink()
        first.add(counter: "hits", 2, tags: ["kind": "a"])
        second.add(counter: "hits", 3)
        first.add(rate: "ok", true)
        second.add(rate: "ok", false)
        second.set(gauge: "level", 4)
        let metrics = registry.snapshot()
        #expect(metrics.counters[MetricKey("hits")]?.count == 5)
        #expect(metrics.counters[MetricKey("hits", tags: ["kind": "a"])]?.count == 2)
        #expect(metrics.rates[MetricKey("ok")]?.rate == 0.5)
        #expect(metrics.gauges[MetricKey("level")]?.value == 4)
    }

    @Test func k6Durations() {
        #expect(Duration(k6: "10s") == .seconds(10))
        #expect(Duration(k6: "500ms") == .milliseconds(500))
        #expect(Duration(k6: "1m30s") == .seconds(90))
        #expect(Duration(k6: "2") == .seconds(2))
        #expect(Duration(k6: "1.5h") == .seconds(5400))
        #expect(Duration(k6: "ten") == nil)
        #expect(Duration(k6: "10x") == nil)
        #expect(Duration(k6: "") == nil)
    }
}
