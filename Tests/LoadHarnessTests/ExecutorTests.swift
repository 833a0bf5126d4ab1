import LoadHarness
import NIOCore
import Testing

@Suite struct ExecutorTests {
    @Test func constantVUsCountsRequestsAndStatuses() async throws {
        let metrics = try await TestServer.run { client in
            let registry = MetricsRegistry()
            await ConstantVUs(vus: 4, duration: .seconds(1)).run(client: client, registry: registry) { vu in
                let path = vu.id % 2 == 0 ? "/missing" : "/ok"
                let result = await vu.request(HTTPRequest(path: path, tags: ["name": path]))
                if path == "/ok" { #expect(String(buffer: result.body) == "ok") }
            }
            return registry.snapshot()
        }
        let requests = try #require(metrics.counters[MetricKey("http_reqs")]).count
        let iterations = try #require(metrics.counters[MetricKey("iterations")]).count
        #expect(requests > 0)
        #expect(requests == iterations)
        let ok = metrics.counters[MetricKey("http_reqs", tags: ["status": "200", "name": "/ok"])]?.count ?? 0
        let missing = metrics.counters[MetricKey("http_reqs", tags: ["status": "404", "name": "/missing"])]?.count ?? 0
        #expect(ok > 0 && missing > 0)
        #expect(ok + missing == requests)
        let failed = try #require(metrics.rates[MetricKey("http_req_failed")])
        #expect(Double(failed.passes) == missing)
        #expect(metrics.trends[MetricKey("http_req_duration")]?.count == UInt64(requests))
        #expect(metrics.trends[MetricKey("http_req_duration_uncorrected")] == nil)
        #expect((metrics.counters[MetricKey("data_sent")]?.count ?? 0) > 0)
        #expect((metrics.counters[MetricKey("data_received")]?.count ?? 0) > 0)
        #expect(metrics.gauges[MetricKey("vus")]?.max == 4)
    }

    @Test func perVUIterationsRunsExactlyTheIterationsAndEnds() async throws {
        let (metrics, elapsed) = try await TestServer.run { client in
            let registry = MetricsRegistry()
            let started = ContinuousClock.now
            await PerVUIterations(vus: 3, iterations: 4).run(client: client, registry: registry) { vu in
                _ = await vu.request(HTTPRequest(path: "/ok", tags: ["vu": String(vu.id)]))
            }
            return (registry.snapshot(), ContinuousClock.now - started)
        }
        #expect(metrics.counters[MetricKey("iterations")]?.count == 12)
        for vu in 1...3 {
            #expect(metrics.counters[MetricKey("http_reqs", tags: ["vu": String(vu), "status": "200"])]?.count == 4, "VU \(vu)")
        }
        #expect(elapsed < .seconds(600), "ended with its last iteration, not at maxDuration")
        #expect(metrics.gauges[MetricKey("vus")]?.max == 3)

        // maxDuration bounds it: 200 ms iterations, 100 of them, 500 ms allowed.
        let bounded = try await TestServer.run { client in
            let registry = MetricsRegistry()
            await PerVUIterations(vus: 1, iterations: 100, maxDuration: .milliseconds(500)).run(client: client, registry: registry) { vu in
                _ = await vu.request(HTTPRequest(path: "/slow"))
            }
            return registry.snapshot()
        }
        let count = try #require(bounded.counters[MetricKey("iterations")]).count
        #expect(count <= 4, "\(count) iterations in 500 ms of 200 ms each")
    }

    @Test func constantArrivalRateDropsIterationsAndCorrectsLatency() async throws {
        let executor = ConstantArrivalRate(rate: 40, duration: .seconds(1), preAllocatedVUs: 2)
        let metrics = try await TestServer.run { client in
            let registry = MetricsRegistry()
            await executor.run(client: client, registry: registry) { vu in
                _ = await vu.request(HTTPRequest(path: "/slow"))
            }
            return registry.snapshot()
        }
        // 40 starts scheduled; two VUs on a 200 ms endpoint cannot take them all.
        let iterations = metrics.counters[MetricKey("iterations")]?.count ?? 0
        let dropped = metrics.counters[MetricKey("dropped_iterations")]?.count ?? 0
        #expect(iterations > 0)
        #expect(dropped > 0)
        #expect(iterations + dropped == 40)
        let corrected = try #require(metrics.trends[MetricKey("http_req_duration")])
        let uncorrected = try #require(metrics.trends[MetricKey("http_req_duration_uncorrected")])
        #expect(corrected.count == uncorrected.count)
        #expect(corrected.avg >= uncorrected.avg)
        #expect(corrected.max >= uncorrected.max)
        #expect(corrected.percentile(95) >= uncorrected.percentile(95))
        #expect(uncorrected.min >= 200)
        #expect(metrics.rates[MetricKey("http_req_failed")]?.passes == 0)
    }

    @Test func arrivalRateConnectsMoreVUsUpToMaxVUsBeforeDropping() async throws {
        // 40 starts in 1 s on a 200 ms endpoint need about 8 VUs at once (more when the machine
        // is busy): 2 pre-allocated, up to 40 allowed, so none is dropped and the extra VUs are
        // counted in vus_max. (Dropping once maxVUs are busy: constantArrivalRateDropsIterations…)
        let executor = ConstantArrivalRate(rate: 40, duration: .seconds(1), preAllocatedVUs: 2, maxVUs: 40)
        let metrics = try await TestServer.run { client in
            let registry = MetricsRegistry()
            await executor.run(client: client, registry: registry) { vu in
                _ = await vu.request(HTTPRequest(path: "/slow"))
            }
            return registry.snapshot()
        }
        #expect(metrics.counters[MetricKey("iterations")]?.count == 40)
        #expect(metrics.counters[MetricKey("dropped_iterations")] == nil)
        let allocated = try #require(metrics.gauges[MetricKey("vus_max")]?.max)
        #expect(allocated > 2 && allocated <= 40, "\(allocated) VUs")
    }

    @Test func requestsCutOffByCancellationAreNotRecorded() async throws {
        // A run stopped mid-request (the end of gracefulStop, an abort): the abandoned requests
        // are neither successes nor failures, as k6 drops interrupted iterations' requests.
        let metrics = try await TestServer.run { client in
            let registry = MetricsRegistry()
            let run = Task {
                await ConstantVUs(vus: 3, duration: .seconds(30)).run(client: client, registry: registry) { vu in
                    _ = await vu.request(HTTPRequest(path: "/slow"))
                }
            }
            // Cancelled once a few requests have finished, while others are in flight.
            let deadline = ContinuousClock.now + .seconds(30)
            while (registry.snapshot().counters[MetricKey("http_reqs")]?.count ?? 0) < 3, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            run.cancel()
            await run.value
            return registry.snapshot()
        }
        let requests = metrics.counters[MetricKey("http_reqs")]?.count ?? 0
        #expect(requests >= 3)
        #expect(metrics.rates[MetricKey("http_req_failed")]?.passes == 0)
        #expect(metrics.counters[MetricKey("http_reqs", tags: ["status": "0"])] == nil)
        #expect(metrics.counters[MetricKey("http_reqs", tags: ["status": "200"])]?.count == requests)
        #expect(metrics.counters[MetricKey("iterations")]?.count == requests)  // interrupted ones not counted
    }

    @Test func connectionErrorsAreFailedRequests() async throws {
        // Port 1 on loopback: nothing listens there, connects are refused.
        let client = try LoadClient(baseURL: "http://127.0.0.1:1/")
        let registry = MetricsRegistry()
        await ConstantVUs(vus: 2, duration: .milliseconds(300)).run(client: client, registry: registry) { vu in
            let result = await vu.request(HTTPRequest(path: "/"))
            #expect(result.status == 0)
            #expect(result.error?.kind == .connect)
        }
        let metrics = registry.snapshot()
        let failed = try #require(metrics.rates[MetricKey("http_req_failed")])
        #expect(failed.total > 0)
        #expect(failed.rate == 1)
        #expect(metrics.counters[MetricKey("http_reqs", tags: ["status": "0"])]?.count == Double(failed.total))
    }

    @Test func timeoutIsAResultAndTheConnectionRecovers() async throws {
        try await TestServer.run { client in
            let connection = client.makeConnection()
            let slow = await connection.send(HTTPRequest(path: "/slow", timeout: .milliseconds(50)))
            #expect(slow.status == 0)
            #expect(slow.error?.kind == .timeout)
            #expect(slow.failed)
            let ok = await connection.send(HTTPRequest(path: "/ok"))
            #expect(ok.status == 200, "\(String(describing: ok.error))")
            #expect(String(buffer: ok.body) == "ok")
            #expect(ok.firstByte != nil && ok.start <= ok.firstByte! && ok.firstByte! <= ok.end)
            connection.close()
        }
    }
}
