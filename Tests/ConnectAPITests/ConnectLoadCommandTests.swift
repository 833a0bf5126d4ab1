import DevStack
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LoadHarness
import Testing
import TestSupport

/// `connect-load run` at the command line, as CI calls it: each outcome has its exit code and
/// says why on standard error. Nothing listens on the target port, so every request fails fast.
@Suite struct ConnectLoadCommandTests {
    /// Runs `connect-load` with `arguments`; its exit code and output.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (Int32?, String) {
        let folder = TestStack.temporaryFolder("connect-load-cli")
        let log = folder + "/out.log"
        let code = try await ChildProcess.run(
            [try BuiltProducts.path("connect-load")] + arguments, environment: environment, outputPath: log, timeout: .seconds(60))
        return (code, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// A scenario file in a folder of its own.
    static func scenario(_ text: String) -> String {
        let path = TestStack.temporaryFolder("connect-load-scenario") + "/scenario.yaml"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    static let target = "http://127.0.0.1:\(TestStack.freePort())"

    @Test func aFailedThresholdExits99() async throws {
        let path = Self.scenario("""
            name: failing
            executor: {type: constant-vus, vus: 1, duration: 300ms}
            personas:
              - name: p
                steps: [{path: /nowhere}]
            thresholds:
              http_req_failed: ["rate<0.01"]
            """)
        let (code, output) = try await Self.run(["run", path, "--base-url", Self.target, "--quiet"])
        #expect(code == 99, "\(output)")
        #expect(output.contains("http_req_failed"), "\(output)")
    }

    @Test func anInvalidScenarioExits104NamingTheLine() async throws {
        let path = Self.scenario("""
            name: broken
            executor: {type: constant-vus, vus: 1, duration: soon}
            personas: [{name: p, steps: [{path: /}]}]
            """)
        let (code, output) = try await Self.run(["run", path, "--base-url", Self.target])
        #expect(code == 104, "\(output)")
        #expect(output.contains("scenario.yaml:2:"), "\(output)")
    }

    @Test func invalidOptionsExit104() async throws {
        let path = Self.scenario("""
            name: fine
            executor: {type: constant-vus, vus: 1, duration: 1s}
            personas: [{name: p, steps: [{path: /}]}]
            """)
        let (code, output) = try await Self.run(["run", path, "--base-url", Self.target, "--scale", "0"])
        #expect(code == 104, "\(output)")
        #expect(output.contains("--scale must be above 0"), "\(output)")
    }

    @Test func aFailedSetupExits107() async throws {
        let path = Self.scenario("""
            name: setup
            executor: {type: constant-vus, vus: 1, duration: 1s}
            setup:
              - name: login
                steps: [{path: /api/auth/login, method: POST, checks: {signed in: {status: 200}}}]
            personas: [{name: p, steps: [{path: /}]}]
            """)
        let (code, output) = try await Self.run(["run", path, "--base-url", Self.target, "--quiet"])
        #expect(code == 107, "\(output)")
        #expect(output.contains("signed in"), "\(output)")
    }

    @Test func argumentsItDoesNotKnowExit64() async throws {
        let (code, output) = try await Self.run(["run", "smoke", "--no-such-option"])
        #expect(code == 64, "\(output)")
        #expect(output.contains("--no-such-option"), "\(output)")
        let (missing, usage) = try await Self.run(["run"])
        #expect(missing == 64, "\(usage)")
    }

    @Test func distributedOptionsAreChecked() async throws {
        let path = Self.scenario("""
            name: fine
            executor: {type: constant-vus, vus: 1, duration: 1s}
            personas: [{name: p, steps: [{path: /}]}]
            """)
        for (arguments, complaint) in [
            (["--coordinator", "http://127.0.0.1:7000"], "--coordinator needs --segment"),
            (["--start-at", "tomorrow"], "--start-at 'tomorrow'"),
            (["--segment", "auto/2"], "JOB_COMPLETION_INDEX"),
            (["--segment", "1/2", "--coordinator", "http://127.0.0.1:7000", "--start-at", "1796331600"], "leave out --start-at"),
        ] {
            let (code, output) = try await Self.run(["run", path, "--base-url", Self.target] + arguments)
            #expect(code == 104, "\(arguments): \(output)")
            #expect(output.contains(complaint), "\(arguments): \(output)")
        }
        let (code, output) = try await Self.run(["coordinate", "--segments", "0"])
        #expect(code == 64, "\(output)")
    }

    /// Two segments (`auto/2`, as in an Indexed Job) meet at a coordinator on loopback: every
    /// request fails (nothing listens on the target), so the union fails its threshold; the
    /// segments exit 0 (their result is delivered) and the coordinator 99 with the merged summary.
    @Test func theCoordinatorJudgesTheWholeRun() async throws {
        let path = Self.scenario("""
            name: together
            executor: {type: constant-arrival-rate, rate: 40, duration: 1s, preAllocatedVUs: 4}
            personas: [{name: p, steps: [{path: /}]}]
            thresholds:
              http_req_failed: ["rate<0.01"]
            """)
        let port = TestStack.freePort()
        let folder = TestStack.temporaryFolder("connect-load-coordinate")
        async let coordinator = Self.run([
            "coordinate", "--segments", "2", "--host", "127.0.0.1", "--port", String(port), "--lead", "500ms",
            "--summary-json", folder + "/merged.json",
        ])
        async let first = Self.run(
            ["run", path, "--base-url", Self.target, "--quiet", "--segment", "auto/2", "--coordinator", "http://127.0.0.1:\(port)"],
            environment: ["JOB_COMPLETION_INDEX": "0"])
        async let second = Self.run(
            ["run", path, "--base-url", Self.target, "--quiet", "--segment", "auto/2", "--coordinator", "http://127.0.0.1:\(port)"],
            environment: ["JOB_COMPLETION_INDEX": "1"])
        let results = try await [first, second]
        for (code, output) in results {
            #expect(code == 0, "\(output)")
            #expect(output.contains("summary delivered to the coordinator"), "\(output)")
        }
        #expect(results[0].1.contains("segment 1/2") && results[1].1.contains("segment 2/2"))
        let (code, output) = try await coordinator
        #expect(code == 99, "\(output)")
        #expect(output.contains("2 segments of together delivered"), "\(output)")
        #expect(output.contains("http_reqs") && output.contains("a threshold failed on the whole run"), "\(output)")
        let merged = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/merged.json"))) as? [String: Any]
        #expect(merged?["runs"] as? Int == 2)
    }

    @Test func aSegmentWhoseSetupFailsFailsTheRunAndMissingSegmentsTimeOut() async throws {
        let path = Self.scenario("""
            name: setup
            executor: {type: constant-vus, vus: 1, duration: 1s}
            setup:
              - name: login
                steps: [{path: /api/auth/login, method: POST, checks: {signed in: {status: 200}}}]
            personas: [{name: p, steps: [{path: /}]}]
            """)
        let port = TestStack.freePort()
        async let coordinator = Self.run(["coordinate", "--segments", "1", "--host", "127.0.0.1", "--port", String(port)])
        let (segmentCode, segmentOutput) = try await Self.run(
            ["run", path, "--base-url", Self.target, "--quiet", "--segment", "1/1", "--coordinator", "http://127.0.0.1:\(port)"])
        #expect(segmentCode == 0, "the failure was delivered: \(segmentOutput)")
        let (code, output) = try await coordinator
        #expect(code == 107, "\(output)")
        #expect(output.contains("segment 1/1 could not run: setup failed"), "\(output)")

        let (timeoutCode, timeoutOutput) = try await Self.run([
            "coordinate", "--segments", "2", "--host", "127.0.0.1", "--port", String(TestStack.freePort()), "--ready-timeout", "1s",
        ])
        #expect(timeoutCode == 1, "\(timeoutOutput)")
        #expect(timeoutOutput.contains("gave up waiting for registration of segments 1, 2"), "\(timeoutOutput)")
    }

    /// A summary file of 1,000 requests whose latencies are scaled by `factor`.
    static func summaryFile(_ folder: String, _ name: String, factor: Double) throws -> String {
        var metrics = MetricSet()
        var trend = Trend()
        for index in 0..<1_000 { trend.record(microseconds: UInt64(Double(1_000 + index * 13) * factor)) }
        metrics.trends[MetricKey("http_req_duration")] = trend
        let path = "\(folder)/\(name).json"
        try RunSummary(scenario: "compare", startedAt: Date(), duration: .seconds(10), metrics: metrics).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func compareHoldsIdenticalRunsAndFailsASlowerOne() async throws {
        let folder = TestStack.temporaryFolder("connect-load-compare")
        let base = try Self.summaryFile(folder, "base", factor: 1)
        let slower = try Self.summaryFile(folder, "slower", factor: 1.3)
        let gate = ["--fail-on", "http_req_duration p(95) > +10%"]
        let (same, sameOutput) = try await Self.run(["compare", base, base] + gate)
        #expect(same == 0, "\(sameOutput)")
        #expect(sameOutput.contains("**Gates: all held.**"), "\(sameOutput)")
        let (code, output) = try await Self.run(
            ["compare", base, slower, "--markdown", folder + "/compare.md", "--html", folder + "/compare.html"] + gate)
        #expect(code == 99, "\(output)")
        #expect(output.contains("✗ regression") && output.firstMatch(of: #/\+(29|30)\.\d %/#) != nil, "\(output)")
        #expect(FileManager.default.fileExists(atPath: folder + "/compare.md") && FileManager.default.fileExists(atPath: folder + "/compare.html"))
        let (bad, badOutput) = try await Self.run(["compare", base, slower, "--fail-on", "p(95) went up"])
        #expect(bad == 104, "\(badOutput)")
    }

    /// `bench` sends the method, headers and body it is given (llm-sim as the target checks them),
    /// and `--http-debug-full` prints each request and response with bodies.
    @Test func benchSendsAMethodHeadersAndABodyAndPrintsThemWhenDebugging() async throws {
        let port = TestStack.freePort()
        _ = try await ChildProcess.withRunning(
            [try BuiltProducts.path("connect-load"), "llm-sim", "--port", String(port), "--api-key", "bench-key"],
            outputPath: TestStack.temporaryFolder("llm-sim-bench") + "/sim.log"
        ) { _ in
            #expect(await BuiltProducts.waitUntilLive("http://127.0.0.1:\(port)/_control"))
            let body = #"{"model":"m","max_tokens":8,"messages":[{"role":"user","content":"hello"}]}"#
            let url = "http://127.0.0.1:\(port)/v1/messages"
            let (code, output) = try await Self.run([
                "bench", url, "-X", "POST", "-H", "content-type: application/json", "-H", "x-api-key: bench-key", "--body", body,
                "--connections", "1", "--duration", "300ms", "--http-debug-full", "--threshold", "http_req_failed rate<0.01",
            ])
            #expect(code == 0, "\(output)")
            #expect(output.contains("bench: POST \(url)"), "\(output)")
            #expect(output.contains("POST /v1/messages HTTP/1.1\n") && output.contains("x-api-key: bench-key") && output.contains(body), "\(output)")
            #expect(output.contains("HTTP/1.1 200 OK") && output.contains(#""type":"message""#), "\(output)")
            // Without the key llm-sim answers 401: the header was what made the difference.
            let (refused, refusedOutput) = try await Self.run([
                "bench", url, "-X", "POST", "-H", "content-type: application/json", "--body", body,
                "--connections", "1", "--duration", "200ms", "--threshold", "http_req_failed rate<0.01",
            ])
            #expect(refused == 99, "\(refusedOutput)")
            let (bad, badOutput) = try await Self.run(["bench", url, "-H", "no colon"])
            #expect(bad == 64, "\(badOutput)")
        }
    }

    /// `--out prometheus=`: a real Prometheus (Debian's package) scrapes the run's `/metrics`
    /// while it goes on, and its queries see the requests, the latency histogram and the
    /// thresholds' states.
    @Test func aPrometheusServerScrapesTheLiveEndpointDuringARun() async throws {
        let simPort = TestStack.freePort(), metricsPort = TestStack.freePort()
        let folder = TestStack.temporaryFolder("prometheus-out")
        _ = try await ChildProcess.withRunning(
            [try BuiltProducts.path("connect-load"), "llm-sim", "--port", String(simPort)], outputPath: folder + "/sim.log"
        ) { _ in
            #expect(await BuiltProducts.waitUntilLive("http://127.0.0.1:\(simPort)/_control"))
            let configuration = """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: connect-load
                    static_configs: [{targets: ["127.0.0.1:\(metricsPort)"]}]
                """
            try await PrometheusServer.with(folder: folder, configuration: configuration) { prometheus in

                let path = Self.scenario("""
                    name: scraped
                    executor: {type: constant-vus, vus: 2, duration: 8s}
                    steps:
                      - {name: control, path: /_control, think: 20ms}
                    thresholds:
                      http_req_failed: ["rate<0.01"]
                    """)
                let log = folder + "/run.log"
                let (_, code) = try await ChildProcess.withRunning(
                    [try BuiltProducts.path("connect-load"), "run", path, "--base-url", "http://127.0.0.1:\(simPort)", "--quiet",
                     "--out", "prometheus=127.0.0.1:\(metricsPort)"],
                    outputPath: log
                ) { run in
                    // While the run goes on, Prometheus has scraped requests, latency buckets and the threshold.
                    let query = prometheus.query
                    var requests: Double?
                    for _ in 0..<80 {
                        if let value = await query(#"sum(k6_http_reqs_total{name="control",status="200"})"#), value > 0 {
                            requests = value
                            break
                        }
                        try await Task.sleep(for: .milliseconds(250))
                    }
                    #expect((requests ?? 0) > 0, "Prometheus saw the run's requests: \(prometheus.log)")
                    let observed = await query("sum(k6_http_req_duration_seconds_count)")
                    #expect((observed ?? 0) > 0, "the latency histogram was scraped")
                    let quantile = await query("histogram_quantile(0.95, sum by (le) (k6_http_req_duration_seconds_bucket))")
                    #expect(quantile != nil && quantile! > 0 && quantile! < 1, "p95 from the buckets: \(String(describing: quantile))")
                    let threshold = await query(#"k6_threshold_passing{metric="http_req_failed",threshold="rate<0.01"}"#)
                    #expect(threshold == 1, "the threshold holds so far")
                    #expect(await query("up{job=\"connect-load\"}") == 1)

                    // Ended by itself within the minute (its 8 s duration).
                    #expect(await run.exited(within: .seconds(60)))
                }
                let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                #expect(code == 0, "\(output)")
                #expect(output.contains("metrics: http://127.0.0.1:\(metricsPort)/metrics"), "\(output)")
            }
        }
    }
}
