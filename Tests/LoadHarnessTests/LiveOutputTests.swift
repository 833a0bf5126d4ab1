import Foundation
import LoadHarness
import Testing

/// `--out json=` and `--out csv=`: k6's point streams, written while the run goes on, whose
/// counts add up to the summary's.
@Suite struct LiveOutputTests {
    static let scenario = """
        name: outputs
        executor: {type: constant-vus, vus: 2, duration: 1500ms}
        setup:
          - name: login
            steps:
              - name: login
                method: POST
                path: /login
                json: {email: a@b.c}
                capture: {token: {json: token}}
        steps:
          - name: items
            path: /items
            headers: {Authorization: "Bearer {{token}}"}
            checks: {listed: {status: 200}}
          - name: missing
            path: /nowhere
            think: 20ms
        thresholds:
          http_req_duration: ["p(95)<1000"]
          checks: ["rate==1"]
        """

    @Test func theNDJSONStreamParsesLineByLineAndItsCountsEqualTheSummarys() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outputs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let json = folder + "/points.json", csv = folder + "/points.csv"
        let outcome = try await TestServer.run { client in
            var options = RunOptions()
            options.baseURL = "http://\(client.host):\(client.port)"
            options.progress = .none
            options.log = { _ in }
            options.outputs = [
                try NDJSONOutput(path: json, thresholds: ["http_req_duration": ["p(95)<1000"]]), try CSVOutput(path: csv),
            ]
            return try await ScenarioRunner(scenario: try ScenarioLoader.parse(Self.scenario, file: "outputs.yaml"), options: options).run()
        }

        // Every line is a JSON object; a metric is declared once, before its first point.
        var declared: [String: [String: Any]] = [:]
        var sums: [String: Double] = [:]
        var points: [String: Int] = [:]
        var names: Set<String> = []
        var setupPoints = 0
        let lines = try String(contentsOfFile: json, encoding: .utf8).split(separator: "\n")
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            let metric = try #require(object["metric"] as? String)
            let data = try #require(object["data"] as? [String: Any])
            switch object["type"] as? String {
            case "Metric":
                #expect(declared[metric] == nil, "\(metric) declared twice")
                declared[metric] = data
            case "Point":
                #expect(declared[metric] != nil, "a point of \(metric) before its Metric line")
                let value = try #require(data["value"] as? Double)
                let tags = try #require(data["tags"] as? [String: String])
                let time = try #require(data["time"] as? String)
                #expect(ISO8601DateFormatter.withFractions.date(from: time) != nil, "\(time)")
                sums[metric, default: 0] += value
                points[metric, default: 0] += 1
                if metric == "http_reqs" {
                    names.insert(tags["name"] ?? "")
                    #expect(tags["method"] != nil && tags["status"] != nil && tags["url"]?.hasPrefix("http://127.0.0.1:") == true, "\(tags)")
                    if tags["group"] == "setup" { setupPoints += 1 }
                }
            default:
                Issue.record("unknown line type: \(line)")
            }
        }
        #expect(declared["http_req_duration"]?["type"] as? String == "trend")
        #expect(declared["http_req_duration"]?["contains"] as? String == "time")
        #expect(declared["http_req_duration"]?["thresholds"] as? [String] == ["p(95)<1000"])
        #expect(declared["http_reqs"]?["type"] as? String == "counter")
        #expect(declared["checks"]?["type"] as? String == "rate")

        let metrics = outcome.metrics
        let requests = try #require(metrics.counters[MetricKey("http_reqs")]?.count)
        #expect(requests >= 3, "setup's login and at least one iteration")
        #expect(sums["http_reqs"] == requests, "NDJSON http_reqs \(sums["http_reqs"] ?? 0) vs summary \(requests)")
        #expect(Double(points["http_req_duration"] ?? 0) == Double(metrics.trends[MetricKey("http_req_duration")]?.count ?? 0))
        #expect(sums["iterations"] == metrics.counters[MetricKey("iterations")]?.count)
        #expect(sums["data_received"] == metrics.counters[MetricKey("data_received")]?.count)
        let failed = try #require(metrics.rates[MetricKey("http_req_failed")])
        #expect(sums["http_req_failed"] == Double(failed.passes), "the /nowhere requests failed")
        #expect(Double(points["checks"] ?? 0) == Double(metrics.rates[MetricKey("checks")]?.total ?? 0))
        #expect(names == ["login", "items", "missing"])
        #expect(setupPoints == 1, "setup's request is in the stream, as in the summary")

        // The CSV has k6's header and a row per point.
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.first?.hasPrefix("metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,name,") == true)
        let requestRows = rows.dropFirst().filter { $0.hasPrefix("http_reqs,") }
        #expect(Double(requestRows.count) == requests)
        #expect(rows.count - 1 == lines.count - declared.count, "one CSV row per JSON point")
    }
}

extension ISO8601DateFormatter {
    /// RFC 3339 with fractional seconds, as k6 writes point times.
    nonisolated(unsafe) static let withFractions: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
}
