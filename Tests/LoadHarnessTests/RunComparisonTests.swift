import Foundation
import LoadHarness
import Testing

/// Two runs side by side: exact percentiles from the histograms, and regression gates.
@Suite struct RunComparisonTests {
    /// A run of `requests` requests whose latencies are `samples` scaled by `factor`, `failed` of them failed.
    static func run(factor: Double = 1, requests: Int = 2_000, failed: Int = 0, seconds: Int64 = 10) -> RunSummary {
        var metrics = MetricSet()
        var duration = Trend()
        var ai = Trend()
        var reqs = LoadHarness.Counter()
        var failures = Rate()
        for index in 0..<requests {
            let microseconds = UInt64(Double(500 + (index * 7_919) % 20_000) * factor)
            duration.record(microseconds: microseconds)
            if index % 4 == 0 { ai.record(microseconds: microseconds * 3) }
            reqs.add()
            failures.add(index < failed)
        }
        metrics.trends[MetricKey("http_req_duration")] = duration
        metrics.trends[MetricKey("http_req_duration", tags: ["type": "ai"])] = ai
        metrics.counters[MetricKey("http_reqs")] = reqs
        metrics.rates[MetricKey("http_req_failed")] = failures
        return RunSummary(scenario: "compare", startedAt: Date(timeIntervalSince1970: 1_796_331_600), duration: .seconds(seconds), metrics: metrics)
    }

    static func gates(_ rules: String...) throws -> [RegressionGate] {
        try rules.map { rule throws(ThresholdError) in try RegressionGate(parsing: rule) }
    }

    @Test func identicalRunsHoldEveryGate() throws {
        let run = Self.run()
        let comparison = RunComparison(base: run, new: run, gates: try Self.gates(
            "http_req_duration p(95) > +10%", "http_req_duration{type:ai} med > +5ms", "http_req_failed rate > +0.001",
            "http_reqs rate < -5%"))
        #expect(comparison.passed)
        let row = try #require(comparison.rows.first { $0.key == MetricKey("http_req_duration") })
        #expect(row.cells["p(95)"]?.base == row.cells["p(95)"]?.new)
        #expect(comparison.markdown().contains("±0 %"))
    }

    @Test func aSlowerRunFailsItsGatesWithExactPercentiles() throws {
        let base = Self.run()
        let slower = Self.run(factor: 1.5)
        let comparison = RunComparison(base: base, new: slower, gates: try Self.gates(
            "http_req_duration p(95) > +10%", "http_req_duration p(95) > +60%", "http_req_duration{type:ai} med > +5ms"))
        #expect(comparison.gates.map(\.passed) == [false, true, false])
        let p95 = try #require(comparison.gates.first)
        #expect(p95.base == base.metrics.trends[MetricKey("http_req_duration")]?.percentile(95))
        #expect(p95.new == slower.metrics.trends[MetricKey("http_req_duration")]?.percentile(95))
        let change = (p95.new! - p95.base!) / p95.base!
        #expect(abs(change - 0.5) < 0.01, "HDR buckets keep the 50 % rise: \(change)")
        #expect(!comparison.passed)
        let markdown = comparison.markdown()
        #expect(markdown.contains("**Gates: regression.**") && markdown.contains("✗ regression"))
        #expect(markdown.contains("| `http_req_duration{type:ai}` |"))
        let html = comparison.html()
        #expect(html.contains("<h2>Gates: regression</h2>") && html.contains("class=\"worse\""))
    }

    @Test func failuresAndThroughputGates() throws {
        let comparison = RunComparison(base: Self.run(), new: Self.run(failed: 30, seconds: 20), gates: try Self.gates(
            "http_req_failed rate > +0.01", "http_req_failed rate > +0.02", "http_reqs rate < -10%", "http_reqs count < -1%"))
        // 1.5 % failed (+0.015); half the rate (same count over twice the time).
        #expect(comparison.gates.map(\.passed) == [false, true, false, true])
    }

    @Test func gatesParseOrSayWhy() throws {
        let gate = try RegressionGate(parsing: "http_req_duration{type:ai} p(99) > +250ms")
        #expect(gate.metric == MetricKey("http_req_duration", tags: ["type": "ai"]))
        #expect(gate.bound == .absolute(250) && gate.direction == .rise)
        #expect(try RegressionGate(parsing: "http_req_duration p(95) > +1.5s").bound == .absolute(1500))
        #expect(try RegressionGate(parsing: "http_reqs rate < -5%").bound == .relative(-0.05))
        for bad in [
            "http_req_duration p(95) > 10%", "http_req_duration p(95) > -10%", "http_req_duration p(95) >= +10%",
            "http_req_duration p(101) > +1%", "http_req_duration > +10%", "http_req_duration p(95) > +fast",
        ] {
            #expect(throws: ThresholdError.self, "\(bad)") { try RegressionGate(parsing: bad) }
        }
    }

    @Test func aMetricMissingFromOneRunFailsItsGate() throws {
        let base = Self.run()
        var new = base
        new.metrics.trends[MetricKey("http_req_duration", tags: ["type": "ai"])] = nil
        let comparison = RunComparison(base: base, new: new, gates: try Self.gates("http_req_duration{type:ai} p(95) > +10%"))
        #expect(!comparison.passed)
        #expect(comparison.gates.first?.problem != nil)
        let row = try #require(comparison.rows.first { $0.key == MetricKey("http_req_duration", tags: ["type": "ai"]) })
        #expect(row.cells["p(95)"]?.new == nil)
    }
}
