import Foundation
import Synchronization
import Testing

@testable import LoadHarness

/// A scenario run end to end against a local server: setup records, captures, checks, custom
/// metrics, timed actions, thresholds.
@Suite struct ScenarioRunnerTests {
    static let scenario = """
        name: local
        env:
          DOMAIN: example.com
          CONTROL_URL: http://unset
          phase: before
        # Counted, not timed: each VU runs at least 1.6 s of think time, so the switch at 1 s
        # falls inside the run however slowly a loaded machine schedules it.
        executor: {type: per-vu-iterations, vus: 4, iterations: 16}
        setup:
          - name: users
            count: 2
            steps:
              - name: login
                method: POST
                path: /login
                json: {email: "u{{index}}@{{DOMAIN}}"}
                checks: {signed in: {status: 200}}
                capture: {token: {json: token}}
        actions:
          - name: switch
            at: 1s
            set: {phase: after}
            method: POST
            url: "{{CONTROL_URL}}/control"
            json: {mode: degraded}
            checks: {accepted: {status: 200}}
        steps:
          - name: items
            path: /items
            headers: {Authorization: "Bearer {{token}}"}
            tags: {phase: "{{phase}}"}
            checks:
              ok: {status: 200}
              two items: {json: items.length, equals: "2"}
              never: {status: 500}
            capture: {ids: {json: "items[*].id"}}
            metrics:
              - counter: cache_hits
                when: {header: X-Cache, equals: HIT}
              - rate: hit_rate
                value: {header: X-Cache, equals: HIT}
          - name: item
            path: /items/{{ids[random]}}
            checks: {ok: {status: 200}, known id: {json: id, in: [a, b]}}
          - name: mode
            path: /mode
            tags: {phase: "{{phase}}"}
            metrics:
              - counter: degraded_seen
                when: {header: X-Mode, equals: degraded}
            think: 100ms-200ms
        thresholds:
          cache_hits: ["count>0"]
          hit_rate: ["rate==1"]
          "checks{check:never}": ["rate==0"]
          "degraded_seen{phase:before}": ["count==0"]
          "degraded_seen{phase:after}": ["count>0"]
          http_req_failed: ["rate==0"]
        """

    @Test func runsSetupStepsActionsAndThresholds() async throws {
        let outcome = try await TestServer.run { client in
            let base = "http://\(client.host):\(client.port)"
            var options = RunOptions()
            options.baseURL = base
            options.environment = ["CONTROL_URL": base]
            options.progress = .none
            options.log = { _ in }
            let scenario = try ScenarioLoader.parse(Self.scenario, file: "local.yaml")
            return try await ScenarioRunner(scenario: scenario, options: options).run()
        }
        for result in outcome.thresholds {
            #expect(result.passed, "\(result.threshold) → \(result.value.map { "\($0)" } ?? result.problem ?? "")")
        }
        #expect(outcome.passed)
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        let checks = try #require(outcome.metrics.rates[MetricKey("checks")])
        #expect(checks.total > 0)
        // Only the deliberately failing check fails.
        #expect(checks.fails == outcome.metrics.rates[MetricKey("checks", tags: ["check": "never"])]?.total)
        // Setup logged in two users; their requests are tagged group:setup.
        #expect(outcome.metrics.matching(MetricKey("http_reqs", tags: ["group": "setup"])).counters.first?.value.count == 2)
        #expect(outcome.timeSeries.count >= 2)
        #expect(outcome.timeSeries.reduce(0) { $0 + $1.requests } == Int(outcome.metrics.counters[MetricKey("http_reqs")]?.count ?? 0) - 2)
    }

    @Test func setupFailureStopsTheRun() async throws {
        let text = """
            name: broken-setup
            executor: {type: constant-vus, vus: 1, duration: 1s}
            setup:
              - steps:
                  - name: items without token
                    path: /items
                    checks: {ok: {status: 200}}
            steps: [{path: /ok}]
            """
        await #expect(throws: ScenarioRunner.SetupFailure.self) { try await Self.run(text, file: "s.yaml") }
    }

    @Test func retryPollsUntilTheConditionHoldsAndChecksTheLastResponse() async throws {
        func scenario(attempts: Int) -> String {
            """
            name: poll
            executor: {type: constant-vus, vus: 1, duration: 200ms}
            setup:
              - name: jobs
                count: 2
                steps:
                  - name: job
                    path: /job?key=a{{index}}-\(attempts)
                    retry: {until: {json: status, equals: SUCCEEDED}, every: 20ms, attempts: \(attempts)}
                    checks: {finished: {json: status, equals: SUCCEEDED}}
                    capture: {polls: {json: polls}}
                  - name: seen
                    path: /items/{{polls}}
                    checks: {fourth poll: {json: id, equals: "4"}}
            steps: [{path: /ok}]
            """
        }
        let outcome = try await Self.run(scenario(attempts: 10), file: "poll.yaml")
        #expect(outcome.passed)
        // Each user polled four times (three RUNNING, then SUCCEEDED); every poll is a request.
        let jobRequests = outcome.metrics.matching(MetricKey("http_reqs", tags: ["group": "setup", "name": "job"])).counters
        #expect(jobRequests.values.reduce(0) { $0 + $1.count } == 8)
        // Too few attempts: the last response is still RUNNING, the setup check fails the run.
        await #expect(throws: ScenarioRunner.SetupFailure.self) { try await Self.run(scenario(attempts: 2), file: "poll.yaml") }
    }

    @Test func abortOnFailStopsEarly() async throws {
        let text = """
            name: abort
            executor: {type: constant-vus, vus: 2, duration: 60s}
            steps: [{path: /missing, think: 50ms}]
            thresholds:
              http_req_failed: [{threshold: "rate<0.5", abortOnFail: true}]
            """
        let start = ContinuousClock.now
        let outcome = try await Self.run(text, file: "a.yaml")
        #expect(ContinuousClock.now - start < .seconds(30))
        #expect(outcome.abortReason?.contains("http_req_failed") == true)
        #expect(!outcome.passed)
    }

    @Test func delayAbortEvalHoldsTheAbortBackUntilItPasses() async throws {
        let text = """
            name: delayed
            executor: {type: constant-vus, vus: 2, duration: 60s}
            steps: [{path: /missing, think: 20ms}]
            thresholds:
              http_req_failed: [{threshold: "rate<0.5", abortOnFail: true, delayAbortEval: 800ms}]
            """
        let start = ContinuousClock.now
        let outcome = try await Self.run(text, file: "delayed.yaml")
        #expect(ContinuousClock.now - start >= .milliseconds(800), "failing from the first request, judged only after the delay")
        #expect(outcome.abortReason?.contains("http_req_failed") == true)
    }

    @Test func gracefulStopExpiryCutsOffTheIterationsStillRunning() async throws {
        // `/slow` answers after 200 ms: the run's 100 ms and its 50 ms of grace end first.
        let text = """
            name: cut
            executor: {type: constant-vus, vus: 2, duration: 100ms, gracefulStop: 50ms}
            steps: [{path: /slow}]
            """
        let logged = Mutex<[String]>([])
        let outcome = try await Self.run(text, file: "cut.yaml") { message in logged.withLock { $0.append(message) } }
        #expect(logged.withLock { $0 }.contains { $0.hasPrefix("gracefulStop (") && $0.contains("expired") }, "\(logged.withLock { $0 })")
        #expect(outcome.metrics.counters[MetricKey("http_reqs")] == nil, "the cut-off requests are not recorded")
        #expect(outcome.metrics.counters[MetricKey("iterations")] == nil)
    }

    @Test func rampingVUsStartRampUpAndDownInALiveRun() async throws {
        let text = """
            name: ramp
            executor: {type: ramping-vus, startVUs: 1, stages: [{duration: 300ms, target: 3}, {duration: 400ms, target: 3}, {duration: 300ms, target: 0}]}
            steps: [{path: /ok, think: 20ms}]
            """
        let outcome = try await Self.run(text, file: "ramp.yaml")
        let vus = try #require(outcome.metrics.gauges[MetricKey("vus")])
        #expect(vus.max == 3, "ramped up to the plateau's target")
        #expect(vus.value == 0, "ramped down to the last stage's target")
        #expect((outcome.metrics.counters[MetricKey("iterations")]?.count ?? 0) > 0)
        #expect(outcome.passed)
    }

    /// Runs `text` against the local test server, quietly (log lines go to `log`).
    static func run(_ text: String, file: String, log: @escaping @Sendable (String) -> Void = { _ in }) async throws -> RunOutcome {
        try await TestServer.run { client in
            var options = RunOptions()
            options.baseURL = "http://\(client.host):\(client.port)"
            options.progress = .none
            options.log = log
            return try await ScenarioRunner(scenario: try ScenarioLoader.parse(text, file: file), options: options).run()
        }
    }
}
