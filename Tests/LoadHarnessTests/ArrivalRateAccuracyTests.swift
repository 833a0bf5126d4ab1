import LoadHarness
import Synchronization
import Testing

/// The open-model executor keeps its rate against a real local server. A timing test: `make
/// test` runs it in a pass of its own (`TIMING_SUITES`), since two cores shared with the ~230
/// other tests make any in-process server answer in seconds, not in the milliseconds measured here.
@Suite struct ArrivalRateAccuracyTests {
    @Test func arrivalRateIsAccurate() async throws {
        // 200 iterations/s for 5 s: the starts must keep the rate within 2 %. VUs to spare, and
        // the rate is the slope of a least-squares line through the start times: a stall that a
        // burst then catches up (the executor schedules by the clock) moves a few points, not
        // the line.
        let executor = ConstantArrivalRate(rate: 200, duration: .seconds(5), preAllocatedVUs: 200)
        let starts = Mutex<[ContinuousClock.Instant]>([])
        let metrics = try await TestServer.run { client in
            let registry = MetricsRegistry()
            await executor.run(client: client, registry: registry) { vu in
                starts.withLock { $0.append(.now) }
                _ = await vu.request(HTTPRequest(path: "/ok"))
            }
            return registry.snapshot()
        }
        let times = starts.withLock { $0 }.sorted()
        #expect(times.count == 1000)
        #expect(metrics.counters[MetricKey("dropped_iterations")] == nil)
        try #require(times.count > 100)
        let seconds = times.map { instant -> Double in
            let offset = instant - times[0]
            return Double(offset.components.seconds) + Double(offset.components.attoseconds) / 1e18
        }
        let achieved = 1 / Self.slope(of: seconds)
        #expect(abs(achieved - 200) / 200 < 0.02, "achieved \(achieved)/s")
    }

    /// The least-squares slope of `values` against their indices.
    static func slope(of values: [Double]) -> Double {
        let n = Double(values.count)
        let meanIndex = (n - 1) / 2
        let meanValue = values.reduce(0, +) / n
        var covariance = 0.0
        var variance = 0.0
        for (index, value) in values.enumerated() {
            let dx = Double(index) - meanIndex
            covariance += dx * (value - meanValue)
            variance += dx * dx
        }
        return covariance / variance
    }
}
