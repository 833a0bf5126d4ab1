import LoadHarness
import Testing

@Suite struct ThresholdTests {
    @Test func parsesK6Expressions() throws {
        let p95 = try Threshold(metric: "http_req_duration", expression: "p(95)<500")
        #expect(p95.aggregation == .percentile(95) && p95.comparison == .less && p95.bound == 500)
        #expect(try Threshold(metric: "http_req_duration", expression: "p(99.9) <= 1.5").aggregation == .percentile(99.9))
        #expect(try Threshold(metric: "http_req_duration", expression: "avg<200").aggregation == .avg)
        #expect(try Threshold(metric: "http_req_duration", expression: "med<100").aggregation == .med)
        #expect(try Threshold(metric: "http_req_duration", expression: "max<3000").aggregation == .max)
        #expect(try Threshold(metric: "http_req_duration", expression: "min>=0").comparison == .greaterOrEqual)
        let failed = try Threshold(metric: "http_req_failed", expression: "rate<0.01")
        #expect(failed.aggregation == .rate && failed.bound == 0.01)
        let count = try Threshold(metric: "cache_hits", expression: "count>0")
        #expect(count.aggregation == .count && count.comparison == .greater && count.bound == 0)
        let tagged = try Threshold(metric: "http_req_duration{status:200, name:health}", expression: "p(95)<5")
        #expect(tagged.metric == MetricKey("http_req_duration", tags: ["status": "200", "name": "health"]))
    }

    @Test func parsesCommandLineForm() throws {
        let bare = try Threshold(parsing: "p(95)<5")
        #expect(bare.metric == MetricKey("http_req_duration") && bare.expression == "p(95)<5")
        let named = try Threshold(parsing: "http_req_failed rate<0.01")
        #expect(named.metric == MetricKey("http_req_failed") && named.expression == "rate<0.01")
    }

    @Test(arguments: ["p(95)", "p(x)<5", "p(101)<5", "p95<5", "foo<5", "p(95)<abc", "p(95)<", "<5", "rate<0.0.1"])
    func rejectsBadSyntax(_ expression: String) {
        #expect(throws: ThresholdError.self) { try Threshold(metric: "http_req_duration", expression: expression) }
    }

    @Test func rejectsBadMetricNames() {
        #expect(throws: ThresholdError.self) { try Threshold(metric: "bad name!", expression: "count>0") }
        #expect(throws: ThresholdError.self) { try Threshold(metric: "m{status:200", expression: "count>0") }
        #expect(throws: ThresholdError.self) { try Threshold(metric: "m{status}", expression: "count>0") }
    }

    @Test func evaluatesAgainstMetrics() throws {
        var metrics = MetricSet()
        var trend = Trend()
        for millis in 1...100 { trend.record(.milliseconds(millis)) }
        metrics.trends[MetricKey("http_req_duration")] = trend
        var failed = Rate()
        for index in 0..<200 { failed.add(index == 0) }
        metrics.rates[MetricKey("http_req_failed")] = failed
        var requests = Counter()
        requests.add(50)
        metrics.counters[MetricKey("http_reqs")] = requests

        func check(_ metric: String, _ expression: String) throws -> ThresholdResult {
            try Threshold(metric: metric, expression: expression).evaluate(metrics, duration: .seconds(10))
        }
        #expect(try check("http_req_duration", "p(95)<100").passed)
        #expect(try !check("http_req_duration", "p(95)<90").passed)
        #expect(try check("http_req_duration", "avg<=50.5").passed)
        #expect(try check("http_req_duration", "med<51").passed)
        #expect(try !check("http_req_duration", "max<100").passed)
        #expect(try check("http_req_failed", "rate<0.01").passed)
        #expect(try !check("http_req_failed", "rate<0.001").passed)
        #expect(try check("http_reqs", "count>0").passed)
        #expect(try check("http_reqs", "rate==5").value == 5)
        // Nothing recorded: counts are zero, distributions do not exist.
        #expect(try !check("cache_hits", "count>0").passed)
        #expect(try check("cache_hits", "count==0").passed)
        let noSamples = try check("explanation_duration", "p(50)<2000")
        #expect(!noSamples.passed && noSamples.problem == "no samples")
        // An aggregation the metric's kind does not have fails with the reason.
        let wrongKind = try check("http_req_duration", "rate<1")
        #expect(!wrongKind.passed && wrongKind.problem != nil)
    }

    @Test func gaugesAreJudgedByTheirLastSmallestAndLargestValues() throws {
        var metrics = MetricSet()
        var vus = Gauge()
        for value in [2.0, 10, 4] { vus.set(value) }
        metrics.gauges[MetricKey("vus")] = vus
        func check(_ expression: String) throws -> ThresholdResult {
            try Threshold(metric: "vus", expression: expression).evaluate(metrics, duration: .seconds(10))
        }
        #expect(try check("value==4").value == 4)
        #expect(try check("min==2").passed)
        #expect(try check("max>=10").passed)
        #expect(try !check("max<10").passed)
        #expect(try !check("value>4").passed)
        let never = try Threshold(metric: "capacity_rps", expression: "value>0").evaluate(metrics, duration: .seconds(10))
        #expect(!never.passed, "a gauge never set fails its threshold")
    }

    @Test func summaryMarksThresholds() throws {
        var metrics = MetricSet()
        var trend = Trend()
        trend.record(.milliseconds(3))
        metrics.trends[MetricKey("http_req_duration")] = trend
        let results = try [
            Threshold(parsing: "p(95)<5").evaluate(metrics, duration: .seconds(1)),
            Threshold(parsing: "max<1").evaluate(metrics, duration: .seconds(1)),
        ]
        let report = SummaryReport(metrics: metrics, duration: .seconds(1), thresholds: results)
        let text = report.render()
        #expect(!report.passed)
        #expect(text.contains("✓ http_req_duration 'p(95)<5' p(95)=3.00ms"))
        #expect(text.contains("✗ http_req_duration 'max<1' max=3.00ms"))
        #expect(text.contains("http_req_duration"))
        #expect(text.contains("p(99)=3.00ms"))
    }
}
