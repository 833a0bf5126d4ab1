import LoadHarness
import Testing

@Suite struct StageTests {
    let stages = [
        Stage(duration: .seconds(10), target: 10),
        Stage(duration: .seconds(10), target: 10),
        Stage(duration: .seconds(5), target: 0),
    ]

    @Test func interpolatesVUTargetsLikeK6() {
        let expected: [(Duration, Int)] = [
            (.zero, 0), (.milliseconds(999), 0), (.seconds(1), 1), (.seconds(5), 5), (.milliseconds(9_990), 9),
            (.seconds(10), 10), (.seconds(15), 10), (.seconds(20), 10), (.milliseconds(20_100), 10),
            (.seconds(21), 8), (.milliseconds(24_900), 1), (.seconds(25), 0), (.seconds(100), 0),
        ]
        for (elapsed, vus) in expected {
            #expect(stages.value(at: elapsed, start: 0) == vus, "at \(elapsed)")
        }
        #expect(stages.totalDuration == .seconds(25))
    }

    @Test func startsFromStartVUs() {
        let down = [Stage(duration: .seconds(4), target: 0)]
        #expect(down.value(at: .zero, start: 4) == 4)
        #expect(down.value(at: .milliseconds(1_500), start: 4) == 3)
        #expect(down.value(at: .seconds(4), start: 4) == 0)
        let instant = [Stage(duration: .zero, target: 7), Stage(duration: .seconds(1), target: 7)]
        #expect(instant.value(at: .zero, start: 0) == 7)
        #expect([Stage]().value(at: .seconds(3), start: 2) == 2)
    }

    @Test func rampingVUsFollowsTheStages() async throws {
        let executor = RampingVUs(stages: [
            Stage(duration: .milliseconds(400), target: 4), Stage(duration: .milliseconds(400), target: 0),
        ])
        #expect(executor.maxVUs == 4)
        let metrics = try await TestServer.run { client in
            let registry = MetricsRegistry()
            await executor.run(client: client, registry: registry) { vu in
                _ = await vu.request(HTTPRequest(path: "/ok"))
            }
            return registry.snapshot()
        }
        let vus = try #require(metrics.gauges[MetricKey("vus")])
        #expect(vus.max >= 1 && vus.max <= 4)
        #expect(vus.value == 0)
        #expect(metrics.gauges[MetricKey("vus_max")]?.value == 4)
        #expect((metrics.counters[MetricKey("iterations")]?.count ?? 0) > 0)
        #expect(metrics.rates[MetricKey("http_req_failed")]?.passes == 0)
    }
}

@Test func durationsPrintAsK6WritesThem() {
    #expect(Duration.seconds(90).k6Description == "1m30s")
    #expect(Duration.seconds(7200).k6Description == "2h")
    #expect(Duration.milliseconds(500).k6Description == "500ms")
    #expect(Duration.milliseconds(1500).k6Description == "1.5s")
    #expect(Duration.zero.k6Description == "0s")
    #expect(Duration(k6: Duration.seconds(3725).k6Description) == .seconds(3725))
}
