import Foundation
import LoadHarness
import Synchronization
import Testing

/// `scenarios:`: several named scenarios in one file, each with its own executor, start time,
/// tags and thresholds, running at once; and `teardown:` after them.
@Suite struct MultiScenarioTests {
    static let scenario = """
        name: two
        scenarios:
          readers:
            executor: {type: constant-vus, vus: 2, duration: 1500ms}
            tags: {kind: read}
            steps:
              - name: items
                path: /items
                headers: {Authorization: "Bearer t-x"}
                checks: {listed: {status: 200}}
                think: 20ms
            thresholds:
              http_req_failed: ["rate==0"]
          pollers:
            executor: {type: constant-arrival-rate, rate: 20, duration: 1s, preAllocatedVUs: 2, maxVUs: 20}
            startTime: 500ms
            steps:
              - {name: item, path: /items/a, checks: {found: {json: id, equals: a}}}
            thresholds:
              http_reqs: ["count>=1"]
        teardown:
          - name: reset
            method: POST
            path: /control
            json: {mode: after-the-run}
            checks: {reset: {status: 200}}
        thresholds:
          checks: ["rate==1"]
        """

    @Test func twoScenariosRunAtOnceWithTheirOwnExecutorsAndBothAppearInTheSummary() async throws {
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("two-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: json) }
        let log = LogLines()
        let outcome = try await TestServer.run { client in
            var options = RunOptions()
            options.baseURL = "http://\(client.host):\(client.port)"
            options.progress = .none
            options.log = { log.append($0) }
            options.outputs = [try NDJSONOutput(path: json)]
            return try await ScenarioRunner(scenario: try ScenarioLoader.parse(Self.scenario, file: "two.yaml"), options: options).run()
        }
        #expect(outcome.passed, "\(outcome.thresholds.map { "\($0.threshold) \($0.passed)" }) \(outcome.errors.map(\.message))")
        let thresholds = outcome.thresholds.map(\.threshold.description)
        #expect(thresholds.contains("http_req_failed{scenario:readers} rate==0"), "\(thresholds)")
        #expect(thresholds.contains("http_reqs{scenario:pollers} count>=1"), "\(thresholds)")

        // Each scenario's requests carry its name (and its own tags).
        var byScenario: [String: Double] = [:]
        for (key, counter) in outcome.metrics.counters where key.name == "http_reqs" {
            let tags = Dictionary(uniqueKeysWithValues: key.tags.map { ($0.name, $0.value) })
            guard let scenario = tags["scenario"] else { continue }
            byScenario[scenario, default: 0] += counter.count
            if scenario == "readers" { #expect(tags["kind"] == "read" && tags["name"] == "items", "\(tags)") }
            if scenario == "pollers" { #expect(tags["kind"] == nil && tags["name"] == "item", "\(tags)") }
        }
        // The arrival-rate scenario scheduled 20 iterations (one request each) in its second,
        // whatever the other did: each started or, with every VU busy, was dropped (only an
        // open-model executor drops). Counts, not speeds: a loaded test pass may be slow.
        let pollers = byScenario["pollers"] ?? 0
        let dropped = outcome.metrics.counters[MetricKey("dropped_iterations")]?.count ?? 0
        #expect(pollers + dropped == 20, "\(byScenario), dropped \(dropped)")
        #expect((byScenario["readers"] ?? 0) >= 1, "\(byScenario)")
        #expect((outcome.metrics.gauges[MetricKey("vus_max")]?.max ?? 0) >= 4, "the two executors' VUs add up")

        let summary = SummaryReport(metrics: outcome.metrics, duration: outcome.duration, thresholds: outcome.thresholds).render()
        #expect(summary.contains("scenario:readers") && summary.contains("scenario:pollers"), "\(summary)")

        // The pollers started half a second after the readers.
        var first: [String: Date] = [:]
        for line in try String(contentsOfFile: json, encoding: .utf8).split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard object["type"] as? String == "Point", object["metric"] as? String == "http_reqs",
                let data = object["data"] as? [String: Any], let tags = data["tags"] as? [String: String],
                let time = (data["time"] as? String).flatMap(ISO8601DateFormatter.withFractions.date(from:)), let scenario = tags["scenario"]
            else { continue }
            if tags["group"] == "teardown" { continue }
            first[scenario] = min(first[scenario] ?? time, time)
        }
        let pollersBegan = try #require(first["pollers"]).timeIntervalSince(outcome.startedAt)
        #expect(pollersBegan >= 0.49, "pollers began \(pollersBegan) s into the run, not before their startTime")
        #expect(first["readers"] != nil)

        // The teardown ran once, after the load.
        let teardown = outcome.metrics.counters.filter { $0.key.name == "http_reqs" && $0.key.tags.contains { $0.value == "teardown" } }
        #expect(teardown.values.reduce(0) { $0 + $1.count } == 1, "\(teardown.keys)")
        #expect(log.lines.contains("teardown: done"), "\(log.lines)")
    }

    @Test func theLoaderChecksScenarios() throws {
        func error(_ text: String) -> String {
            do {
                _ = try ScenarioLoader.parse(text, file: "s.yaml")
                return ""
            } catch { return error.description }
        }
        #expect(error("""
            name: x
            executor: {type: constant-vus, vus: 1, duration: 1s}
            scenarios:
              a: {executor: {type: constant-vus, vus: 1, duration: 1s}, steps: [{path: /}]}
            """).contains("with scenarios:, 'executor' goes inside each scenario"))
        #expect(error("""
            name: x
            scenarios:
              a: {executor: {type: constant-vus, vus: 1, duration: 1s}, steps: [{path: /}], vus: 3}
            """).contains("vus"))
        #expect(error("""
            name: x
            scenarios:
              a: {executor: {type: constant-vus, vus: 1, duration: 1s}}
            """).contains("needs steps"))
        let parsed = try ScenarioLoader.parse("""
            name: x
            scenarios:
              a: {executor: {type: constant-vus, vus: 1, duration: 1s}, steps: [{path: /}], startTime: 2s}
              b: {executor: {type: constant-vus, vus: 3, duration: 1s}, steps: [{path: /}]}
            """, file: "s.yaml")
        #expect(parsed.workloads.map(\.name) == ["a", "b"])
        #expect(parsed.workloads[0].startTime == .seconds(2))
        #expect(parsed.scaled(by: 0.5).workloads[0].startTime == .seconds(1), "--scale stretches start times with the timeline")
    }
}

/// Log lines a run printed.
final class LogLines: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var lines: [String] { storage.withLock { $0 } }
}
