import Foundation
import LoadHarness
import Testing

/// A seeded generator (SplitMix64), so random samples are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct RunSummaryTests {
    /// Every percentile a report could ask for, in steps of 0.1, plus the extremes.
    static let percentiles = stride(from: 0.0, through: 100.0, by: 0.1).map { $0 } + [99.99, 99.999]

    /// Latencies spread over six decades (1 µs … 1 s), with an occasional zero.
    static func samples(_ count: Int, seed: UInt64) -> [UInt64] {
        var generator = SeededGenerator(state: seed)
        return (0..<count).map { _ in
            let decade = Double.random(in: 0..<6, using: &generator)
            return generator.next() % 500 == 0 ? 0 : UInt64(pow(10, decade))
        }
    }

    static func trend(_ samples: some Sequence<UInt64>) -> Trend {
        var trend = Trend()
        for sample in samples { trend.record(microseconds: sample) }
        return trend
    }

    static func point(_ elapsed: Double, requests: Int, failed: Int = 0, p95: Double = 10, vus: Int) -> TimeSeriesPoint {
        TimeSeriesPoint(
            elapsed: elapsed, requests: requests, failed: failed, p50: p95 / 2, p95: p95, p99: p95 * 2, vus: vus,
            iterations: requests, droppedIterations: 0)
    }

    /// A segment's summary: `samples` in http_req_duration (and a tagged sub-metric), as many
    /// requests, `vus` VUs.
    static func summary(
        scenario: String = "smoke", segment: String? = nil, samples: [UInt64], vus: Double = 5, failed: Int = 0,
        thresholds: [String] = ["http_req_duration p(95)<500", "http_reqs count>0"]
    ) throws -> RunSummary {
        let registry = MetricsRegistry()
        let sink = registry.makeSink()
        var metrics = registry.snapshot()
        metrics.trends[MetricKey(BuiltinMetric.httpReqDuration)] = trend(samples)
        metrics.trends[MetricKey(BuiltinMetric.httpReqDuration, tags: ["name": "health"])] = trend(samples.prefix(samples.count / 3))
        sink.add(counter: BuiltinMetric.httpReqs, Double(samples.count), tags: ["name": "health"])
        for index in samples.indices { sink.add(rate: BuiltinMetric.httpReqFailed, index < failed) }
        sink.set(gauge: BuiltinMetric.vus, 1)
        sink.set(gauge: BuiltinMetric.vus, vus)
        sink.set(gauge: BuiltinMetric.vusMax, vus)
        let recorded = registry.snapshot()
        metrics.counters = recorded.counters
        metrics.rates = recorded.rates
        metrics.gauges = recorded.gauges
        let parsed = try thresholds.map { try Threshold(parsing: $0) }
        let duration = Duration.seconds(30)
        return RunSummary(
            scenario: scenario, startedAt: Date(timeIntervalSince1970: 1_750_000_000.123), duration: duration,
            segment: segment, metrics: metrics, thresholds: parsed.map { $0.evaluate(metrics, duration: duration) },
            abortOnFail: [parsed[0].description],
            timeSeries: [point(1.0004, requests: 10, vus: Int(vus)), point(2.0011, requests: 20, vus: Int(vus))])
    }

    static func roundTrip(_ summary: RunSummary) throws -> RunSummary {
        try RunSummary(jsonData: try summary.jsonData())
    }

    static func expectSameTrend(_ actual: Trend?, _ expected: Trend?, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let actual, let expected else {
            Issue.record("missing trend", sourceLocation: sourceLocation)
            return
        }
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        #expect(actual.avg == expected.avg, sourceLocation: sourceLocation)
        #expect(actual.min == expected.min, sourceLocation: sourceLocation)
        #expect(actual.max == expected.max, sourceLocation: sourceLocation)
        #expect(actual.histogram == expected.histogram, sourceLocation: sourceLocation)
        let differing = percentiles.filter { actual.percentile($0) != expected.percentile($0) }
        #expect(differing.isEmpty, "percentiles differ: \(differing.prefix(5))", sourceLocation: sourceLocation)
    }

    @Test func jsonRoundTripReproducesCountsAndPercentilesExactly() throws {
        let original = try Self.summary(segment: "1/2", samples: Self.samples(20_000, seed: 1), failed: 7)
        let decoded = try Self.roundTrip(original)

        #expect(decoded.scenario == "smoke" && decoded.segment == "1/2" && decoded.runs == 1)
        #expect(abs(decoded.startedAt.timeIntervalSince(original.startedAt)) < 0.001)
        #expect(decoded.duration == original.duration)
        #expect(decoded.metrics.keys == original.metrics.keys)
        for (key, trend) in original.metrics.trends { Self.expectSameTrend(decoded.metrics.trends[key], trend) }
        for (key, counter) in original.metrics.counters { #expect(decoded.metrics.counters[key]?.count == counter.count) }
        for (key, rate) in original.metrics.rates {
            #expect(decoded.metrics.rates[key]?.passes == rate.passes && decoded.metrics.rates[key]?.total == rate.total)
        }
        for (key, gauge) in original.metrics.gauges {
            let copy = decoded.metrics.gauges[key]
            #expect(copy?.value == gauge.value && copy?.min == gauge.min && copy?.max == gauge.max)
        }
        #expect(decoded.thresholds.map(\.threshold.description) == original.thresholds.map(\.threshold.description))
        #expect(decoded.thresholds.map(\.value) == original.thresholds.map(\.value))
        #expect(decoded.thresholds.map(\.passed) == original.thresholds.map(\.passed))
        #expect(decoded.abortOnFail == ["http_req_duration p(95)<500"])
        #expect(decoded.timeSeries == original.timeSeries)
        #expect(decoded.report.render() == original.report.render())
        #expect(try decoded.jsonData() == original.jsonData())
    }

    @Test func emptyAndSingleBucketTrendsRoundTrip() throws {
        var original = try Self.summary(samples: [])
        original.metrics.trends[MetricKey("one")] = Self.trend([1234, 1234])
        original.metrics.trends[MetricKey("two_in_a_bucket")] = Self.trend([100_001, 100_040, 100_020])
        let decoded = try Self.roundTrip(original)
        for (key, trend) in original.metrics.trends { Self.expectSameTrend(decoded.metrics.trends[key], trend) }
    }

    @Test func jsonHasK6ReadableValues() throws {
        let summary = try Self.summary(samples: Self.samples(1000, seed: 2))
        let json = try #require(try JSONSerialization.jsonObject(with: summary.jsonData()) as? [String: Any])
        let metrics = try #require(json["metrics"] as? [String: [String: Any]])
        let duration = try #require(metrics["http_req_duration"])
        #expect(duration["type"] as? String == "trend" && duration["contains"] as? String == "time")
        let values = try #require(duration["values"] as? [String: Double])
        let trend = try #require(summary.metrics.trends[MetricKey(BuiltinMetric.httpReqDuration)])
        #expect(values["p(95)"] == trend.percentile(95) && values["med"] == trend.med && values["avg"] == trend.avg)
        #expect(Set(values.keys).isSuperset(of: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"]))
        #expect(metrics["http_req_duration{name:health}"] != nil)
        let outcome = (duration["thresholds"] as? [String: [String: Bool]])?["p(95)<500"]?["ok"]
        #expect(outcome == (trend.percentile(95) < 500))
        #expect((metrics["http_reqs"]?["values"] as? [String: Double])?["count"] == 1000)
        #expect(json["startedAt"] as? String == "2025-06-15T15:06:40.123Z")
        #expect(json["durationSeconds"] as? Double == 30)
    }

    @Test func histogramMergeEqualsOneHistogramOfTheUnion() throws {
        let all = Self.samples(50_000, seed: 3)
        var generator = SeededGenerator(state: 4)
        var first: [UInt64] = []
        var second: [UInt64] = []
        for sample in all {
            if Bool.random(using: &generator) { first.append(sample) } else { second.append(sample) }
        }
        let parts = try [Self.summary(segment: "1/2", samples: first), Self.summary(segment: "2/2", samples: second)]
        let merged = try RunSummary.merge(parts.map(Self.roundTrip))

        let union = Self.trend(all)
        Self.expectSameTrend(merged.metrics.trends[MetricKey(BuiltinMetric.httpReqDuration)], union)
        let tagged = MetricKey(BuiltinMetric.httpReqDuration, tags: ["name": "health"])
        let taggedUnion = Self.trend(first.prefix(first.count / 3) + second.prefix(second.count / 3))
        Self.expectSameTrend(merged.metrics.trends[tagged], taggedUnion)
        #expect(merged.metrics.counters[MetricKey(BuiltinMetric.httpReqs)]?.count == Double(all.count))
    }

    @Test func mergeOfSegmentsSumsCountersRatesAndVUs() throws {
        let parts = try [
            Self.summary(segment: "1/2", samples: Self.samples(100, seed: 5), vus: 75, failed: 3,
                         thresholds: ["http_reqs count>200", "http_req_failed rate<0.02"]),
            Self.summary(segment: "2/2", samples: Self.samples(150, seed: 6), vus: 75, failed: 1,
                         thresholds: ["http_reqs count>200", "http_req_failed rate<0.02"]),
        ]
        #expect(parts.allSatisfy { !$0.thresholds[0].passed })
        var longer = parts[1]
        longer.duration = .seconds(31)
        let merged = try RunSummary.merge([parts[0], longer])

        #expect(merged.scenario == "smoke" && merged.segment == nil && merged.runs == 2)
        #expect(merged.duration == .seconds(31))
        #expect(merged.metrics.counters[MetricKey(BuiltinMetric.httpReqs)]?.count == 250)
        #expect(merged.metrics.counters[MetricKey(BuiltinMetric.httpReqs, tags: ["name": "health"])]?.count == 250)
        let failed = try #require(merged.metrics.rates[MetricKey(BuiltinMetric.httpReqFailed)])
        #expect(failed.passes == 4 && failed.total == 250)
        let vus = try #require(merged.metrics.gauges[MetricKey(BuiltinMetric.vus)])
        #expect(vus.value == 150 && vus.max == 150 && vus.min == 2)
        #expect(merged.metrics.gauges[MetricKey(BuiltinMetric.vusMax)]?.max == 150)

        // Thresholds evaluated again: 250 requests pass `count>200`, which neither segment did.
        #expect(merged.thresholds.map(\.threshold.description) == ["http_reqs count>200", "http_req_failed rate<0.02"])
        #expect(merged.thresholds.map(\.passed) == [true, true])
        #expect(merged.thresholds[1].value == 0.016)

        // Time series: aligned by second and summed; percentiles weighted by requests.
        #expect(merged.timeSeries.map(\.elapsed) == [1, 2])
        #expect(merged.timeSeries.map(\.requests) == [20, 40])
        #expect(merged.timeSeries.map(\.vus) == [150, 150])
        #expect(merged.timeSeries[0].p95 == 10)
    }

    @Test func weightedTimeSeriesPercentiles() throws {
        var first = try Self.summary(segment: "1/2", samples: [1000])
        var second = try Self.summary(segment: "2/2", samples: [1000])
        first.timeSeries = [Self.point(1, requests: 30, p95: 10, vus: 3), Self.point(2, requests: 0, p95: 0, vus: 3)]
        second.timeSeries = [Self.point(0.98, requests: 10, p95: 50, vus: 2)]
        let series = try RunSummary.merge([first, second]).timeSeries
        #expect(series.map(\.requests) == [40, 0])
        #expect(series[0].p95 == 20)
        #expect(series.map(\.vus) == [5, 3])
    }

    @Test func mergingDifferentScenariosFails() throws {
        let smoke = try Self.summary(scenario: "smoke", segment: "1/2", samples: [1])
        let load = try Self.summary(scenario: "ai-load", segment: "2/2", samples: [1])
        #expect(throws: RunSummaryError("summaries of different scenarios: ai-load, smoke")) {
            try RunSummary.merge([smoke, load])
        }
        #expect(throws: RunSummaryError.self) { try RunSummary.merge([]) }
        #expect(throws: RunSummaryError("segment 1/2 is given twice")) { try RunSummary.merge([smoke, smoke]) }
    }

    @Test func incompleteSegmentsAreNamed() throws {
        let parts = try ["1/3", "3/3"].map { try Self.summary(segment: $0, samples: [1]) }
        #expect(try RunSummary.merge(parts).segment == "1/3,3/3")
        let whole = try RunSummary.merge([RunSummary.merge(parts), Self.summary(segment: "2/3", samples: [1])])
        #expect(whole.segment == nil && whole.runs == 3)
    }

    @Test func rejectsBrokenFiles() throws {
        let json = String(decoding: try Self.summary(samples: [5, 6]).jsonData(), as: UTF8.self)
        let broken = json.replacingOccurrences(of: "\"count\" : 2,", with: "\"count\" : 3,")
        #expect(broken != json)
        #expect(throws: DecodingError.self) { try RunSummary(jsonData: Data(broken.utf8)) }
        #expect(throws: DecodingError.self) { try RunSummary(jsonData: Data("{\"scenario\":\"x\"}".utf8)) }
    }
}

@Suite struct BaselineComparisonTests {
    @Test func printsOursBesideTheOriginal() throws {
        let summary = try RunSummaryTests.summary(scenario: "mixed-traffic", samples: RunSummaryTests.samples(900, seed: 7), vus: 150)
        let text = BaselineComparison(baseline: try Baseline.named("phase2"), summary: summary).render()
        #expect(text.contains("45,940"))
        #expect(text.contains("49.00ms"))
        #expect(text.contains("28.00"))
        #expect(text.contains("VUs peak"))
        #expect(text.contains("ours are logged in"))
        let requests = try #require(text.split(separator: "\n").first { $0.contains("requests ") })
        #expect(requests.hasSuffix(String(format: "%.2f×", 900.0 / 45_940)))
    }

    @Test func unknownScenarioOrBaseline() throws {
        let summary = try RunSummaryTests.summary(scenario: "circuit-breaker", samples: [1])
        #expect(BaselineComparison(baseline: .phase2, summary: summary).render().hasPrefix("no phase2 baseline for circuit-breaker"))
        #expect(throws: RunSummaryError.self) { try Baseline.named("phase3") }
    }
}
