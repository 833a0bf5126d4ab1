import LoadHarness
import Synchronization
import Testing

/// The open-model executor's schedule: computed before the run, exactly the rate asked for
/// (whatever `timeUnit`), and every scheduled iteration started in a live run. Whether a loaded
/// machine keeps the schedule's times is a speed question, answered by `make bench`
/// (docs/BENCHMARKS.md, "Generator speed"), not here.
@Suite struct ArrivalRateAccuracyTests {
    @Test(arguments: [
        (rate: 200, unit: Duration.seconds(1), duration: Duration.seconds(5), count: 1000, interval: Duration.milliseconds(5)),
        (rate: 30, unit: .seconds(60), duration: .seconds(120), count: 60, interval: .seconds(2)),
        (rate: 3, unit: .milliseconds(100), duration: .seconds(1), count: 30, interval: .milliseconds(100) / 3),
        (rate: 0, unit: .seconds(1), duration: .seconds(5), count: 0, interval: .seconds(1)),
    ])
    func theScheduleIsTheRateAskedFor(_ plan: (rate: Int, unit: Duration, duration: Duration, count: Int, interval: Duration)) {
        let executor = ConstantArrivalRate(rate: plan.rate, timeUnit: plan.unit, duration: plan.duration, preAllocatedVUs: 1)
        #expect(executor.iterationCount == plan.count)
        #expect(executor.interval == plan.interval)
        let offsets = (0...plan.count).map(executor.startOffset)
        #expect(offsets.last! == nil, "nothing after the last")
        #expect(offsets.dropLast().enumerated().allSatisfy { $0.element == plan.interval * $0.offset })
        #expect(executor.startOffset(-1) == nil)
        if plan.count > 0 { #expect(executor.startOffset(plan.count - 1)! < plan.duration) }
    }

    @Test func everyScheduledIterationStartsInALiveRun() async throws {
        // 200 iterations/s for 2 s against a local server, with VUs to spare (up to 400), so a
        // stalled machine delays starts but never drops one.
        let executor = ConstantArrivalRate(rate: 200, duration: .seconds(2), preAllocatedVUs: 50, maxVUs: 400)
        let started = Mutex(0)
        let metrics = try await TestServer.run { client in
            let registry = MetricsRegistry()
            await executor.run(client: client, registry: registry) { vu in
                started.withLock { $0 += 1 }
                _ = await vu.request(HTTPRequest(path: "/ok"))
            }
            return registry.snapshot()
        }
        #expect(started.withLock { $0 } == executor.iterationCount)
        #expect(metrics.counters[MetricKey("dropped_iterations")] == nil)
        #expect(metrics.counters[MetricKey("iterations")]?.count == Double(executor.iterationCount))
    }
}
