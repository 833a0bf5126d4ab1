import DevStack
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// deploy/observability against the real tools: promtool checks the Prometheus configuration and
/// unit-tests every alert rule; a real Prometheus (Debian's package) scrapes a running
/// `connect serve` and answers the request rate and the process's memory; every metric the
/// dashboard and the rules read is one the server exports.
@Suite struct ObservabilityTests {
    static let folder = TestStack.packageRoot + "/deploy/observability"

    /// promtool on the shipped files (paths in this folder), without blocking a thread.
    static func promtool(_ command: String, _ subcommand: String, _ file: String) async throws -> (Int32, String) {
        let result = try await ShellCommand.run("promtool", [command, subcommand, folder + "/" + file])
        return (result.status, result.output)
    }

    @Test func promtoolAcceptsTheConfigurationAndEveryAlertPassesItsUnitTest() async throws {
        let (config, configOutput) = try await Self.promtool("check", "config", "prometheus.yml")
        #expect(config == 0, "\(configOutput)")
        let (rules, rulesOutput) = try await Self.promtool("check", "rules", "alerts.yml")
        #expect(rules == 0, "\(rulesOutput)")
        let (tests, testsOutput) = try await Self.promtool("test", "rules", "alerts.test.yml")
        #expect(tests == 0 && testsOutput.contains("SUCCESS"), "\(testsOutput)")

        // Every alert has a unit test that expects it to fire.
        let alerts = try String(contentsOfFile: Self.folder + "/alerts.yml", encoding: .utf8)
            .split(separator: "\n").compactMap { line -> String? in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return trimmed.hasPrefix("- alert: ") ? String(trimmed.dropFirst("- alert: ".count)) : nil
            }
        let unitTests = try String(contentsOfFile: Self.folder + "/alerts.test.yml", encoding: .utf8)
        #expect(alerts.count >= 10)
        for alert in alerts {
            #expect(unitTests.contains("alertname: \(alert)\n        exp_alerts:\n          - exp_labels"), "\(alert) has no firing test")
        }
    }

    /// The metric names an expression reads (`connect_…`, `process_…`), histogram series
    /// suffixes included; recording rules (`connect:…`) and `up` are Prometheus's own.
    static func metricNames(in expression: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: "\\b(connect_[a-z0-9_]+|process_[a-z0-9_]+)\\b")
        let range = NSRange(expression.startIndex..., in: expression)
        return Set(pattern.matches(in: expression, range: range).compactMap { Range($0.range, in: expression).map { String(expression[$0]) } })
    }

    /// The dashboard's and the rules' expressions.
    static func expressions() throws -> [String] {
        let dashboard = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: folder + "/grafana/dashboards/connect.json"))) as? [String: Any]
        var expressions: [String] = []
        for panel in dashboard?["panels"] as? [[String: Any]] ?? [] {
            for target in panel["targets"] as? [[String: Any]] ?? [] {
                if let expression = target["expr"] as? String { expressions.append(expression) }
            }
        }
        let rules = try String(contentsOfFile: folder + "/alerts.yml", encoding: .utf8)
        expressions.append(rules)
        return expressions
    }

    @Test func aRealPrometheusScrapesARunningServerAndTheDashboardReadsOnlyExportedMetrics() async throws {
        try await ServerProcess.with(environment: [:]) { server in
            let work = TestStack.temporaryFolder("observability")
            // The shipped rules, with the Compose scrape target replaced by this server.
            try FileManager.default.copyItem(atPath: Self.folder + "/alerts.yml", toPath: work + "/alerts.yml")
            let configuration = """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                rule_files: [alerts.yml]
                scrape_configs:
                  - job_name: connect
                    static_configs: [{targets: ["127.0.0.1:\(server.port)"]}]
                """
            try await PrometheusServer.with(folder: work, configuration: configuration) { prometheus in
                let query = prometheus.query
                // Traffic while Prometheus scrapes once a second.
                var rate: Double?
                for _ in 0..<60 {
                    for _ in 0..<20 { _ = try? await URLSession.shared.data(from: URL(string: server.base + "/api/funding-programs?limit=2")!) }
                    if let value = await query(#"sum(rate(connect_http_requests_total{job="connect",route="/api/funding-programs"}[5s]))"#), value > 0 {
                        rate = value
                        break
                    }
                    try await Task.sleep(for: .milliseconds(250))
                }
                #expect((rate ?? 0) > 0, "request rate: \(prometheus.log)")
                let memory = await query(#"process_resident_memory_bytes{job="connect"}"#)
                #expect((memory ?? 0) > 1_000_000, "resident memory: \(String(describing: memory))")
                #expect(await query(#"connect_build_info{job="connect"}"#) == 1)
                // The shipped recording rules evaluate on the scraped series (no request was slow: 0).
                var slowRatio: Double?
                for _ in 0..<40 where slowRatio == nil {
                    slowRatio = await query("connect:http_slow_ratio:rate5m")
                    if slowRatio == nil { try await Task.sleep(for: .milliseconds(250)) }
                }
                #expect(slowRatio != nil && slowRatio! >= 0 && slowRatio! < 0.5, "\(String(describing: slowRatio))")

                // Every metric the dashboard and the rules read is exported by the server.
                let (data, _) = try await URLSession.shared.data(from: URL(string: server.base + "/metrics")!)
                var exported: Set<String> = []
                for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("# TYPE ") {
                    let parts = line.split(separator: " ")
                    guard parts.count >= 4 else { continue }
                    let name = String(parts[2])
                    exported.insert(name)
                    if parts[3] == "histogram" { exported.formUnion([name + "_bucket", name + "_sum", name + "_count"]) }
                }
                var read: Set<String> = []
                for expression in try Self.expressions() { read.formUnion(Self.metricNames(in: expression)) }
                #expect(read.count >= 15)
                #expect(read.subtracting(exported).isEmpty, "read but not exported: \(read.subtracting(exported).sorted())")
            }
        }
    }
}

extension ObservabilityTests {
    /// One request's lines share its ids: the access-log line (`info`) and the AI layer's line
    /// (written by the usage log, a service with its own logger) carry the request's id and user.
    @Test func everyLineOfOneRequestCarriesItsRequestAndUserIDs() async throws {
        try await ServerProcess.with(environment: ["LOG_LEVEL": "debug"]) { server in
            let token = try await server.token("demo@connectplt.kr")
            let requestID = "observability-\(UUID().uuidString.prefix(8))"
            var request = URLRequest(url: URL(string: server.base + "/api/chat")!)
            request.httpMethod = "POST"
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue(requestID, forHTTPHeaderField: "X-Request-Id")
            request.httpBody = Data(#"{"message":"AI 반도체 과제 마감이 언제인가요?"}"#.utf8)
            let (_, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)

            var lines: [[String: Any]] = []
            for _ in 0..<50 {
                lines = server.logLines().filter { $0["request_id"] as? String == requestID }
                if lines.contains(where: { $0["msg"] as? String == "request" }) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let access = try #require(lines.first { $0["msg"] as? String == "request" }, "\(server.logText().suffix(2000))")
            #expect(access["level"] as? String == "info")
            #expect(access["method"] as? String == "POST")
            #expect(access["route"] as? String == "/api/chat")
            #expect(access["status"] as? String == "200")
            #expect(Double(access["duration_ms"] as? String ?? "") != nil)
            #expect(Int(access["bytes"] as? String ?? "") ?? 0 > 0)
            let userID = try #require(access["user_id"] as? String)
            let answer = try #require(lines.first { $0["msg"] as? String == "ai answer" }, "the AI layer's line carries the request id: \(lines)")
            #expect(answer["user_id"] as? String == userID)
            #expect(answer["kind"] as? String == "chat")
            // A line of another request does not carry this one's id.
            #expect(server.logLines().filter { $0["msg"] as? String == "request" && $0["request_id"] as? String == requestID }.count == 1)
        }
    }
}

extension ObservabilityTests {
    /// Tracing on (`OTEL_EXPORTER_OTLP_ENDPOINT`): a real OTLP/HTTP receiver (the official
    /// opentelemetry-proto decoding) gets the server span of a request, a child of the caller's
    /// `traceparent`, with route, status and user; the statements and Redis commands it made are
    /// its children; the response carries the request's own `traceparent`; the access-log line
    /// carries the trace id.
    @Test func aRequestsSpansReachARealOTLPReceiverAsOneTree() async throws {
        let work = TestStack.temporaryFolder("otlp")
        try await Self.withReceiver(work) { receiverPort, spansFile in
            try await ServerProcess.with(
                environment: [
                    "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:\(receiverPort)", "OTEL_BSP_SCHEDULE_DELAY": "200",
                    "OTEL_SERVICE_NAME": "connect-test",
                ],
                arguments: ["--worker"]) { server in
                let token = try await server.token("demo@connectplt.kr")

                let traceID = String((0..<32).map { _ in "0123456789abcdef".randomElement()! })
                let callerSpan = "00f067aa0ba902b7"
                var request = URLRequest(url: URL(string: server.base + "/api/matches?limit=2")!)
                request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                request.setValue("00-\(traceID)-\(callerSpan)-01", forHTTPHeaderField: "traceparent")
                let (_, response) = try await URLSession.shared.data(for: request)
                let http = try #require(response as? HTTPURLResponse)
                #expect(http.statusCode == 200)
                let returned = try #require(http.value(forHTTPHeaderField: "traceparent"), "the response carries the request's traceparent")
                #expect(returned.hasPrefix("00-\(traceID)-") && !returned.contains(callerSpan), "\(returned)")

                // The spans arrive in batches; wait for the server span.
                let spans = try await Self.spans(of: traceID, in: spansFile) { spans in spans.contains { $0["kind"] as? Int == 2 } }
                let serverSpan = try #require(spans.first { $0["kind"] as? Int == 2 }, "no server span: \(spans) \(server.logText().suffix(1500))")
                #expect(serverSpan["service"] as? String == "connect-test")
                #expect(serverSpan["name"] as? String == "GET /api/matches")
                #expect(serverSpan["parent_span_id"] as? String == callerSpan, "the caller's span is the parent")
                let attributes = try #require(serverSpan["attributes"] as? [String: Any])
                #expect(attributes["http.route"] as? String == "/api/matches")
                #expect(attributes["http.response.status_code"] as? Int == 200)
                #expect((attributes["enduser.id"] as? String)?.isEmpty == false)
                #expect(returned.contains(serverSpan["span_id"] as? String ?? "-"), "the returned traceparent names the server span")

                // Its statements and commands are its children.
                let serverSpanID = try #require(serverSpan["span_id"] as? String)
                let children = spans.filter { $0["parent_span_id"] as? String == serverSpanID }
                let systems = Set(children.compactMap { ($0["attributes"] as? [String: Any])?["db.system"] as? String })
                #expect(systems.contains("postgresql") || systems.contains("redis"), "children: \(children)")
                #expect(
                    children.filter { ($0["attributes"] as? [String: Any])?["db.system"] != nil }.allSatisfy { $0["kind"] as? Int == 3 },
                    "statements and commands are client spans")
                if let statement = children.first(where: { ($0["attributes"] as? [String: Any])?["db.system"] as? String == "postgresql" }) {
                    #expect(((statement["attributes"] as? [String: Any])?["db.query.text"] as? String)?.isEmpty == false)
                }

                // The access-log line of the request carries its trace id.
                let access = server.logLines().first { $0["msg"] as? String == "request" && $0["route"] as? String == "/api/matches" }
                #expect(access?["trace_id"] as? String == traceID, "\(String(describing: access))")

                /// Sends `method path` with a new trace; the trace id and, once `until` holds, its spans.
                func traced(_ method: String, _ path: String, body: String? = nil, until: ([[String: Any]]) -> Bool) async throws -> [[String: Any]] {
                    let trace = String((0..<32).map { _ in "0123456789abcdef".randomElement()! })
                    var request = URLRequest(url: URL(string: server.base + path)!)
                    request.httpMethod = method
                    request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                    request.setValue("00-\(trace)-\(callerSpan)-01", forHTTPHeaderField: "traceparent")
                    if let body {
                        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                        request.httpBody = Data(body.utf8)
                    }
                    let (_, response) = try await URLSession.shared.data(for: request)
                    #expect(((response as? HTTPURLResponse)?.statusCode ?? 0) < 300, "\(method) \(path)")
                    return try await Self.spans(of: trace, in: spansFile, until: until)
                }
                func spanAttributes(_ span: [String: Any]?) -> [String: Any] { span?["attributes"] as? [String: Any] ?? [:] }

                // A model call is a child of its request, with model, tokens, cost and the breaker's state.
                let chat = try await traced("POST", "/api/chat", body: #"{"message":"TRL 4 과제 추천해 주세요"}"#) { spans in
                    spans.contains { $0["name"] as? String == "ai answer" } && spans.contains { $0["kind"] as? Int == 2 }
                }
                let chatServer = chat.first { $0["kind"] as? Int == 2 }
                let model = chat.first { $0["name"] as? String == "ai answer" }
                #expect(model?["parent_span_id"] as? String == chatServer?["span_id"] as? String, "\(chat)")
                #expect(spanAttributes(model)["ai.provider"] as? String == "offline")
                #expect(spanAttributes(model)["ai.source"] as? String == "local")
                #expect(spanAttributes(model)["ai.breaker_state"] as? String == "closed")
                #expect(spanAttributes(model)["ai.output_tokens"] != nil && spanAttributes(model)["ai.cost_krw"] != nil)

                // A generation job's span joins the request that enqueued it: request → enqueue → job.
                let generation = try await traced("POST", "/api/matches/generate", body: "{}") { spans in
                    spans.contains { $0["name"] as? String == "job generate_matches" } && spans.contains { $0["kind"] as? Int == 2 }
                }
                let generateServer = generation.first { $0["kind"] as? Int == 2 }
                let enqueue = generation.first { $0["name"] as? String == "queue enqueue" }
                let job = generation.first { $0["name"] as? String == "job generate_matches" }
                #expect(enqueue?["parent_span_id"] as? String == generateServer?["span_id"] as? String, "\(generation)")
                #expect(job?["parent_span_id"] as? String == enqueue?["span_id"] as? String, "the job's parent is the enqueue")
                #expect(job?["kind"] as? Int == 5, "a consumer span")
                let jobStatements = generation.filter { $0["parent_span_id"] as? String == job?["span_id"] as? String }
                #expect(jobStatements.contains { spanAttributes($0)["db.system"] as? String == "postgresql" }, "the job's statements are its children")

                // connect-load --traceparent: the slowest requests it prints are found in the traces.
                let scenario = work + "/traced.yaml"
                _ = FileManager.default.createFile(atPath: scenario, contents: Data("""
                    name: traced
                    executor: {type: constant-vus, vus: 1, duration: 600ms}
                    steps: [{name: programs, path: "/api/funding-programs?limit=1", think: 50ms}]
                    """.utf8))
                let runLog = work + "/run.log"
                let exit = try await ChildProcess.run(
                    [try BuiltProducts.path("connect-load"), "run", scenario, "--base-url", server.base, "--quiet", "--traceparent"],
                    outputPath: runLog, timeout: .seconds(60))
                #expect(exit == 0)
                let output = (try? String(contentsOfFile: runLog, encoding: .utf8)) ?? ""
                let printed = output.split(separator: "\n").compactMap { line -> String? in
                    guard line.contains("  programs  trace ") else { return nil }
                    return line.split(separator: " ").last.map(String.init)
                }
                #expect(!printed.isEmpty && printed.count <= 5, "\(output)")
                var found: [String: Any]?
                for _ in 0..<100 where found == nil {
                    let text = (try? String(contentsOfFile: spansFile, encoding: .utf8)) ?? ""
                    found = text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                        .first { $0["kind"] as? Int == 2 && printed.first == $0["trace_id"] as? String }
                    if found == nil { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(found?["name"] as? String == "GET /api/funding-programs", "the slowest request's trace: \(String(describing: found))")
            }
        }
    }
}

extension ObservabilityTests {
    /// Runs `body` while the OTLP/HTTP receiver runs, given its port and the file it appends spans to.
    static func withReceiver(_ work: String, _ body: (_ port: Int, _ spans: String) async throws -> Void) async throws {
        let tools = try await ShellCommand.check("bash", [TestStack.packageRoot + "/scripts/python-tools.sh"], timeout: .seconds(600))
        let python = tools.trimmingCharacters(in: .whitespacesAndNewlines) + "/python"
        let port = TestStack.freePort()
        _ = try await ChildProcess.withRunning(
            [python, TestStack.packageRoot + "/Tests/ConnectAPITests/otlp_receiver.py", String(port), work + "/spans.jsonl"],
            outputPath: work + "/receiver.log", grace: .seconds(5)
        ) { _ in
            try await body(port, work + "/spans.jsonl")
        }
    }

    /// The spans of `trace` in `file` once `until` holds (or after 15 s).
    static func spans(of trace: String, in file: String, until: ([[String: Any]]) -> Bool) async throws -> [[String: Any]] {
        var spans: [[String: Any]] = []
        for _ in 0..<150 {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            spans = text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                .filter { $0["trace_id"] as? String == trace }
            if until(spans) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return spans
    }

    /// One explanation request on a server with an empty cache: the server span's children are
    /// its statements, the cache lookup (a miss, with its Redis command under it) and the model
    /// call, with their attributes.
    @Test func anExplanationRequestIsOneSpanTree() async throws {
        let work = TestStack.temporaryFolder("otlp-explanation")
        try await Self.withReceiver(work) { port, file in
            try await ServerProcess.withIsolatedServer(environment: [
                "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:\(port)", "OTEL_BSP_SCHEDULE_DELAY": "200",
            ]) { server, _, _ in
                let token = try await server.token("demo@connectplt.kr")
                struct Matches: Decodable {
                    struct Match: Decodable { var id: UUID }
                    var matches: [Match]
                }
                let list = try await ScaleOutTests.request("GET", server.base + "/api/matches?limit=1", token: token)
                let matchID = try #require(try list.json(Matches.self).matches.first?.id, "the seeded demo organization has matches")
                let trace = String((0..<32).map { _ in "0123456789abcdef".randomElement()! })
                var request = URLRequest(url: URL(string: server.base + "/api/matches/\(matchID)/explanation?lang=en")!)
                request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                request.setValue("00-\(trace)-00f067aa0ba902b7-01", forHTTPHeaderField: "traceparent")
                let (_, response) = try await URLSession.shared.data(for: request)
                #expect((response as? HTTPURLResponse)?.statusCode == 200)

                let spans = try await Self.spans(of: trace, in: file) { spans in
                    spans.contains { $0["kind"] as? Int == 2 } && spans.contains { $0["name"] as? String == "ai explain" }
                }
                func attributes(_ span: [String: Any]?) -> [String: Any] { span?["attributes"] as? [String: Any] ?? [:] }
                let root = try #require(spans.first { $0["kind"] as? Int == 2 }, "\(spans)")
                #expect(root["name"] as? String == "GET /api/matches/{id}/explanation")
                #expect(attributes(root)["http.response.status_code"] as? Int == 200)
                let rootID = try #require(root["span_id"] as? String)
                let children = spans.filter { $0["parent_span_id"] as? String == rootID }
                let lookup = try #require(children.first { $0["name"] as? String == "cache lookup explanations" }, "\(children)")
                #expect(attributes(lookup)["connect.cache.hit"] as? Bool == false, "an empty cache misses")
                let get = spans.first { $0["parent_span_id"] as? String == lookup["span_id"] as? String }
                #expect(attributes(get)["db.operation.name"] as? String == "GET", "the lookup's Redis command is its child")
                let model = try #require(children.first { $0["name"] as? String == "ai explain" })
                #expect(attributes(model)["ai.source"] as? String == "local")
                #expect(attributes(model)["ai.model"] != nil && attributes(model)["ai.breaker_state"] as? String == "closed")
                #expect(children.contains { attributes($0)["db.system"] as? String == "postgresql" }, "the match was read under the request")
            }
        }
    }
}
