import LoadHarness
import Testing

@Suite struct RampingArrivalRateTests {
    static func seconds(_ offset: Duration?) -> Double? {
        offset.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
    }

    @Test func constantStageStartsEvenly() {
        let executor = RampingArrivalRate(
            startRate: 10, stages: [Stage(duration: .seconds(1), target: 10)], preAllocatedVUs: 1)
        for n in 0..<10 {
            #expect(abs(Self.seconds(executor.startOffset(of: n))! - Double(n + 1) / 10) < 1e-6)
        }
        #expect(executor.startOffset(of: 10) == nil)
    }

    @Test func linearRampFollowsTheIntegral() {
        // 0 → 20 per second over 1 s: 10 iterations, the nth when 10·t² = n + 1.
        let ramp = RampingArrivalRate(stages: [Stage(duration: .seconds(1), target: 20)], preAllocatedVUs: 1)
        for n in 0..<10 {
            #expect(abs(Self.seconds(ramp.startOffset(of: n))! - (Double(n + 1) / 10).squareRoot()) < 1e-6)
        }
        #expect(ramp.startOffset(of: 10) == nil)
        // Then a second at 10 per second: 5 + 10 iterations.
        let twoStages = RampingArrivalRate(
            stages: [Stage(duration: .seconds(1), target: 10), Stage(duration: .seconds(1), target: 10)],
            preAllocatedVUs: 1)
        #expect(abs(Self.seconds(twoStages.startOffset(of: 4))! - 1) < 1e-6)
        #expect(abs(Self.seconds(twoStages.startOffset(of: 5))! - 1.1) < 1e-6)
        #expect(abs(Self.seconds(twoStages.startOffset(of: 14))! - 2) < 1e-6)
        #expect(twoStages.startOffset(of: 15) == nil)
        // Ramping down per minute.
        let down = RampingArrivalRate(
            startRate: 120, timeUnit: .seconds(60), stages: [Stage(duration: .seconds(2), target: 0)], preAllocatedVUs: 1)
        #expect(down.startOffset(of: 1) != nil)
        #expect(down.startOffset(of: 2) == nil)
    }

    @Test func runsEveryScheduledIterationOrDropsIt() async throws {
        let executor = RampingArrivalRate(stages: [Stage(duration: .milliseconds(500), target: 40)], preAllocatedVUs: 4)
        let metrics = try await TestServer.run { client in
            let registry = MetricsRegistry()
            await executor.run(client: client, registry: registry) { vu in
                _ = await vu.request(HTTPRequest(path: "/ok"))
            }
            return registry.snapshot()
        }
        let iterations = metrics.counters[MetricKey("iterations")]?.count ?? 0
        let dropped = metrics.counters[MetricKey("dropped_iterations")]?.count ?? 0
        #expect(iterations > 0)
        #expect(iterations + dropped == 10)
        let corrected = try #require(metrics.trends[MetricKey("http_req_duration")])
        let uncorrected = try #require(metrics.trends[MetricKey("http_req_duration_uncorrected")])
        #expect(corrected.avg >= uncorrected.avg)
    }
}
