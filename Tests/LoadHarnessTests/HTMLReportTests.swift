import Foundation
import LoadHarness
import Testing

@Suite struct HTMLReportTests {
    static func summary(scenario: String = "smoke", tag: String = "health") throws -> RunSummary {
        var summary = try RunSummaryTests.summary(scenario: scenario, samples: RunSummaryTests.samples(500, seed: 9), failed: 4)
        var trend = Trend()
        trend.record(.milliseconds(3))
        summary.metrics.trends[MetricKey(BuiltinMetric.httpReqDuration, tags: ["name": tag])] = trend
        summary.timeSeries = (1...60).map { (second: Int) -> TimeSeriesPoint in
            let requests = second == 30 ? 0 : 100 + second
            let failed = second % 7 == 0 ? 2 : 0
            let p95 = 5 + Double(second % 5)
            return TimeSeriesPoint(
                elapsed: Double(second), requests: requests, failed: failed, p50: 2, p95: p95, p99: 12,
                vus: min(second, 10), iterations: 100, droppedIterations: 0)
        }
        return summary
    }

    @Test func pageIsSelfContained() throws {
        let page = HTMLReport(summary: try Self.summary(), baseline: BaselineComparison(baseline: .phase2, summary: try Self.summary()))
            .render()
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.contains("http://") && !page.contains("https://"))
        #expect(!page.contains("src=") && !page.contains("href=") && !page.contains("@import") && !page.contains("url("))
        #expect(!page.contains("<script") && !page.contains("<link"))
        #expect(page.components(separatedBy: "<svg").count - 1 == 4)
        #expect(page.contains("<polyline"))
        #expect(page.contains("name=\"viewport\""))
    }

    @Test func showsThresholdsMetricsAndBaseline() throws {
        let summary = try Self.summary()
        let page = HTMLReport(summary: summary, baseline: BaselineComparison(baseline: .phase2, summary: summary)).render()
        #expect(page.contains("✓"))
        #expect(page.contains("p(95)&lt;500"))
        #expect(page.contains("abortOnFail"))
        let trend = try #require(summary.metrics.trends[MetricKey(BuiltinMetric.httpReqDuration)])
        let p95 = String(format: "%.2fms", trend.percentile(95))
        #expect(page.contains("<td>\(p95)</td>"))
        #expect(summary.report.render().contains("p(95)=\(p95)"))
        #expect(page.contains("{ name:health }"))
        #expect(page.contains("BASELINE phase2"))
    }

    @Test func failedThresholdIsMarked() throws {
        var summary = try Self.summary()
        let threshold = try Threshold(parsing: "http_req_duration p(95)<0.001")
        summary.thresholds = [threshold.evaluate(summary.metrics, duration: summary.duration)]
        let page = HTMLReport(summary: summary).render()
        #expect(page.contains("✗"))
        #expect(page.contains("badge fail"))
    }

    @Test func escapesText() throws {
        let summary = try Self.summary(scenario: "smoke \"<b>\" & 'co'", tag: "<script>alert(1)</script>")
        let page = HTMLReport(summary: summary).render()
        #expect(!page.contains("<script>"))
        #expect(!page.contains("<b>"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("smoke &quot;&lt;b&gt;&quot; &amp; &#39;co&#39;"))
    }

    @Test func pageWithoutTimeSeries() throws {
        var summary = try Self.summary()
        summary.timeSeries = []
        let page = HTMLReport(summary: summary).render()
        #expect(page.contains("No time series was recorded."))
        #expect(!page.contains("<svg"))
    }
}
