import Foundation
import Testing

@testable import LoadHarness

/// Scenario files: what parses, and that every mistake names its file, line and reason.
@Suite struct ScenarioLoaderTests {
    static let valid = """
        name: example
        description: a test
        env:
          BASE_URL: http://127.0.0.1:1
          PASSWORD: secret
        baseURL: "{{BASE_URL}}"
        executor:
          type: ramping-vus
          stages:
            - {duration: 1m, target: 10}
            - {duration: 30s, target: 0}
        setup:
          - name: users
            count: 3
            steps:
              - name: login
                method: POST
                path: /login
                json: {email: "user{{index}}@example.com", password: "{{PASSWORD}}", remember: true, days: 7}
                capture:
                  token: {json: token}
        personas:
          - name: reader
            weight: 3
            steps:
              - name: items
                path: /items
                headers: {Authorization: "Bearer {{token}}"}
                tags: {type: read}
                checks:
                  ok: {status: 200}
                  cached: {header: X-Cache, equals: HIT}
                capture:
                  ids: {json: "items[*].id"}
                metrics:
                  - counter: hits
                    when: {header: X-Cache, equals: HIT}
                think: 1s-2s
                retry: {until: {json: ready, equals: "true"}, every: 100ms, attempts: 5}
              - group: details
                loop: 1-3
                probability: 0.5
                steps:
                  - path: /items/{{ids[random]}}
          - name: idle
            weight: 1
            steps:
              - think: 1s
        actions:
          - at: 30s
            set: {phase: two}
        thresholds:
          http_req_duration: ["p(95)<500", {threshold: "max<2000", abortOnFail: true, delayAbortEval: 10s}]
          "http_req_duration{type:read}": ["med<100"]
          hits: ["count>0"]
        """

    @Test func parsesEveryPart() throws {
        let scenario = try ScenarioLoader.parse(Self.valid, file: "example.yaml")
        #expect(scenario.name == "example")
        #expect(scenario.executor.kind == .rampingVUs)
        #expect(scenario.executor.stages == [Stage(duration: .seconds(60), target: 10), Stage(duration: .seconds(30), target: 0)])
        #expect(scenario.executor.maxVUs == 10)
        #expect(scenario.setup.count == 1 && scenario.setup[0].count == 3)
        #expect(scenario.workloads[0].personas.map(\.name) == ["reader", "idle"])
        #expect(scenario.workloads[0].personas.map(\.weight) == [3, 1])
        #expect(scenario.thresholds.count == 4)
        #expect(scenario.thresholds[1].abortOnFail && scenario.thresholds[1].delayAbortEval == .seconds(10))
        #expect(scenario.actions.first?.set == ["phase": "two"])
        guard case .request(let items) = scenario.workloads[0].personas[0].steps[0] else { Issue.record("not a request"); return }
        #expect(items.checks.map(\.name) == ["ok", "cached"])
        #expect(items.captures == [Capture(variable: "ids", selector: .json(try JSONPath(parsing: "items[*].id")))])
        #expect(items.think == ThinkTime(parsing: "1s-2s"))
        #expect(items.retry?.every == .milliseconds(100) && items.retry?.attempts == 5)
        #expect(items.retry?.until.description.contains("ready") == true)
        guard case .group(let group) = scenario.workloads[0].personas[0].steps[1] else { Issue.record("not a group"); return }
        #expect(group.loop == 1...3 && group.probability == 0.5)
    }

    @Test func jsonBodiesKeepTypesAndRenderVariables() throws {
        let scenario = try ScenarioLoader.parse(Self.valid, file: "example.yaml")
        guard case .request(let login) = scenario.setup[0].steps[0], case .json(let body)? = login.request.body else {
            Issue.record("no json body"); return
        }
        let variables = Variables(local: ["index": .text("2")], environment: ["PASSWORD": "p\"w"])
        #expect(try body.render(variables) == #"{"email":"user2@example.com","password":"p\"w","remember":true,"days":7}"#)
    }

    /// One broken line in an otherwise valid file, and the error it must give.
    static let mistakes: [(replace: String, with: String, reason: String)] = [
        ("  type: ramping-vus", "  type: ramping-users", "unknown executor 'ramping-users'"),
        ("    - {duration: 1m, target: 10}", "    - {duration: 1 minute, target: 10}", "must be a duration"),
        ("        think: 1s-2s", "        think: soon", "think must be a duration"),
        ("    count: 3", "    count: three", "must be a whole number"),
        ("        headers: {Authorization: \"Bearer {{token}}\"}", "        headers: {Authorization: \"Bearer {{tokn}}\"}", "unknown variable 'tokn'"),
        ("  hits: [\"count>0\"]", "  hits: [\"count>>0\"]", "invalid threshold"),
        ("  hits: [\"count>0\"]", "  hits: [\"p(101)<5\"]", "percentile"),
        ("        tags: {type: read}", "        tagz: {type: read}", "unknown key 'tagz'"),
        ("          - path: /items/{{ids[random]}}", "          - path: items", "path must start with /"),
        ("          ok: {status: 200}", "          ok: {status: 200, header: X}", "exactly one of"),
        ("          - counter: hits", "          - counter: http_reqs", "built-in metric"),
        ("    weight: 3", "    weight: heavy", "must be a number"),
        ("          - path: /items/{{ids[random]}}", "          - path: /items/{{ids[first]}}", "an index is a number"),
        ("        retry: {until: {json: ready, equals: \"true\"}, every: 100ms, attempts: 5}",
         "        retry: {until: {json: ready, equals: \"true\"}, every: soon, attempts: 5}", "every must be a duration"),
        ("        retry: {until: {json: ready, equals: \"true\"}, every: 100ms, attempts: 5}",
         "        retry: {every: 100ms, attempts: 5}", "'until'"),
        ("        retry: {until: {json: ready, equals: \"true\"}, every: 100ms, attempts: 5}",
         "        retry: {until: {json: ready, equals: \"true\"}, attempts: 0}", "attempts"),
    ]

    @Test(arguments: 0..<mistakes.count)
    func mistakesNameFileLineAndReason(_ index: Int) throws {
        let mistake = Self.mistakes[index]
        #expect(Self.valid.contains(mistake.replace), "fixture line not found: \(mistake.replace)")
        let text = Self.valid.replacingOccurrences(of: mistake.replace, with: mistake.with)
        // The line of the broken text, from 1: the error must point there.
        let line = try #require(text.components(separatedBy: "\n").firstIndex(of: mistake.with)) + 1
        do {
            _ = try ScenarioLoader.parse(text, file: "broken.yaml")
            Issue.record("'\(mistake.with)' was accepted")
        } catch {
            #expect(error.file == "broken.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.reason.contains(mistake.reason), "\(error)")
            #expect(error.description.hasPrefix("broken.yaml:\(line):"))
        }
    }

    @Test func yamlSyntaxErrorsHaveALine() {
        let text = "name: x\nexecutor:\n  type: constant-vus\n  vus: [1, 2\nsteps: []\n"
        #expect(throws: ScenarioError.self) { try ScenarioLoader.parse(text, file: "syntax.yaml") }
        do {
            _ = try ScenarioLoader.parse(text, file: "syntax.yaml")
        } catch {
            #expect(error.line >= 4)
            #expect(error.reason.contains("not valid YAML"))
        }
    }

    @Test func missingPartsAreNamed() {
        let cases: [(String, String)] = [
            ("executor: {type: constant-vus, vus: 1, duration: 1s}\nsteps: [{path: /}]\n", "needs 'name'"),
            ("name: x\nsteps: [{path: /}]\n", "needs 'executor'"),
            ("name: x\nexecutor: {type: constant-vus, duration: 1s}\nsteps: [{path: /}]\n", "needs 'vus'"),
            ("name: x\nexecutor: {type: constant-vus, vus: 1, duration: 1s}\n", "needs steps"),
            ("name: x\nexecutor: {type: constant-vus, vus: 1, duration: 1s, stages: []}\nsteps: [{path: /}]\n", "does not take 'stages'"),
        ]
        for (text, reason) in cases {
            do {
                _ = try ScenarioLoader.parse(text, file: "f.yaml")
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.reason.contains(reason), "\(error)")
            }
        }
    }

    @Test func shippedScenariosAllLoad() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../loadtests").standardized.path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names == [
            "ai-load.yaml", "capacity-mix.yaml", "capacity.yaml", "chat-load.yaml", "circuit-breaker.yaml", "mixed-traffic.yaml", "smoke.yaml",
            "soak.yaml",
        ])
        for name in names {
            let scenario = try ScenarioLoader.load(path: folder + "/" + name)
            #expect(scenario.name + ".yaml" == name)
            #expect(!scenario.thresholds.isEmpty)
        }
        // The original Phase 2 shapes.
        let smoke = try ScenarioLoader.load(path: folder + "/smoke.yaml")
        #expect(smoke.executor.kind == .constantVUs && smoke.executor.vus == 10 && smoke.executor.duration == .seconds(30))
        let ai = try ScenarioLoader.load(path: folder + "/ai-load.yaml")
        #expect(ai.executor.stages.map(\.target) == [10, 50, 100, 150, 50, 0])
        #expect(ai.executor.totalDuration == .seconds(13 * 60))
        #expect(ai.workloads[0].personas.map(\.weight) == [60, 30, 10])
        let mixed = try ScenarioLoader.load(path: folder + "/mixed-traffic.yaml")
        #expect(mixed.executor.stages.map(\.target) == [20, 50, 75, 100, 125, 150, 100, 50, 30, 10, 0])
        #expect(mixed.workloads[0].personas.map(\.weight) == [40, 30, 20, 10])
        let breaker = try ScenarioLoader.load(path: folder + "/circuit-breaker.yaml")
        #expect(breaker.executor.vus == 20 && breaker.executor.duration == .seconds(210))
        // The seed chat API's test: up to 20 users, half of them on the streaming route.
        let chat = try ScenarioLoader.load(path: folder + "/chat-load.yaml")
        #expect(chat.executor.stages.map(\.target).max() == 20)
        #expect(chat.workloads[0].personas.map(\.weight) == [48, 48, 4])
        #expect(chat.thresholds.count == 5)
    }
}

/// Templates, JSON paths and the executor transformations behind --scale, --vus, --segment.
@Suite struct ScenarioPartsTests {
    @Test func templatesPickFromLists() throws {
        let template = try Template(parsing: "/m/{{ids[vu]}}/{{ids[1]}}/{{name}}")
        var variables = Variables(local: ["ids": .list(["a", "b", "c"])], environment: ["name": "n"])
        variables.vu = 5
        #expect(try template.render(variables) == "/m/b/b/n")
        let random = try Template(parsing: "{{ids[random]}}")
        for _ in 0..<20 { #expect(["a", "b", "c"].contains(try random.render(variables))) }
        #expect(throws: TemplateError.self) { try Template(parsing: "{{missing}}").render(variables) }
        #expect(throws: TemplateError.self) { try Template(parsing: "{{open") }
    }

    @Test func pathValuesArePercentEncodedAsComponents() throws {
        let scenario = try ScenarioLoader.parse(
            """
            name: encoding
            env: {LLM: "http://127.0.0.1:8090", KEYWORD: "AI & 바이오", ID: "a/b"}
            executor: {type: constant-vus, vus: 1, duration: 1s}
            personas:
              - name: p
                steps:
                  - path: "/search?keyword={{KEYWORD}}&q=한국 {{ID}}&done=100%25"
            actions:
              - at: 1s
                method: POST
                url: "{{LLM}}/_control?note={{KEYWORD}}"
            """, file: "encoding.yaml")
        guard case .request(let step) = scenario.workloads[0].personas[0].steps[0] else { Issue.record("not a request"); return }
        let variables = Variables(local: [:], environment: ["LLM": "http://127.0.0.1:8090", "KEYWORD": "AI & 바이오", "ID": "a/b"])
        // Values: every reserved byte encoded; literal text: only what a URI may not contain.
        #expect(try step.request.render(variables, extraTags: [:]).target
            == "/search?keyword=AI%20%26%20%EB%B0%94%EC%9D%B4%EC%98%A4&q=%ED%95%9C%EA%B5%AD%20a%2Fb&done=100%25")
        // An action's URL keeps its base URL variable whole.
        let action = try #require(scenario.actions.first?.request)
        #expect(try action.render(variables, extraTags: [:]).target
            == "http://127.0.0.1:8090/_control?note=AI%20&%20%EB%B0%94%EC%9D%B4%EC%98%A4")
    }

    @Test func jsonPathsReadFieldsIndexesAndLists() throws {
        let document = try #require(JSONDocument(parsing: Array(#"{"a":{"b":[{"id":"x","n":1.5},{"id":"y","n":2}]},"s":"한국어\u00e9","t":true}"#.utf8)))
        #expect(try JSONPath(parsing: "a.b[1].id").resolve(document)?.text == "y")
        #expect(try JSONPath(parsing: "a.b.0.n").resolve(document)?.text == "1.5")
        #expect(try JSONPath(parsing: "a.b[*].id").resolve(document) == .array([.string("x"), .string("y")]))
        #expect(try JSONPath(parsing: "a.b.length").resolve(document)?.text == "2")
        #expect(try JSONPath(parsing: "s").resolve(document)?.text == "한국어é")
        #expect(try JSONPath(parsing: "t").resolve(document)?.text == "true")
        #expect(try JSONPath(parsing: "a.c").resolve(document) == nil)
        #expect(JSONDocument(parsing: Array("{\"a\":".utf8)) == nil)
    }

    @Test func scaleCompressesTheTimeline() {
        var spec = ExecutorSpec(kind: .rampingVUs)
        spec.stages = [Stage(duration: .seconds(120), target: 10), Stage(duration: .seconds(60), target: 0)]
        let scaled = spec.scaled(by: 0.1)
        #expect(scaled.stages == [Stage(duration: .seconds(12), target: 10), Stage(duration: .seconds(6), target: 0)])
        #expect(spec.overriding(vus: 30).stages.map(\.target) == [30, 0])
        #expect(spec.overriding(duration: .seconds(90)).totalDuration == .seconds(90))
    }

    @Test func arrivalRateExecutorsTakeMaxVUsNoLowerThanPreAllocated() throws {
        func parse(_ executor: String) throws(ScenarioError) -> ExecutorSpec {
            try ScenarioLoader.parse(
                "name: x\nexecutor: \(executor)\npersonas: [{name: p, steps: [{path: /}]}]\n", file: "x.yaml"
            ).executor
        }
        let counted = try parse("{type: per-vu-iterations, vus: 3, iterations: 7, maxDuration: 30s}")
        #expect(counted.vus == 3 && counted.iterations == 7 && counted.totalDuration == .seconds(30) && counted.maxVUs == 3)
        #expect(counted.scaled(by: 0.1).maxDuration == .seconds(30), "a bound, not a timeline: --scale leaves it")
        #expect(counted.segment(1, of: 2).vus + counted.segment(2, of: 2).vus == 3)
        let defaults = try parse("{type: per-vu-iterations}")
        #expect(defaults.vus == 1 && defaults.iterations == 1 && defaults.maxDuration == .seconds(600), "k6's defaults")
        let grown = try parse("{type: constant-arrival-rate, rate: 10, duration: 1s, preAllocatedVUs: 2, maxVUs: 8}")
        #expect(grown.preAllocatedVUs == 2 && grown.maxAllocatedVUs == 8 && grown.maxVUs == 8)
        #expect(try parse("{type: ramping-arrival-rate, stages: [{duration: 1s, target: 5}], preAllocatedVUs: 3}").maxAllocatedVUs == 3)
        #expect(grown.segment(1, of: 2).maxAllocatedVUs + grown.segment(2, of: 2).maxAllocatedVUs == 8)
        #expect(grown.overriding(vus: 5).maxAllocatedVUs == 5)
        for (executor, reason) in [
            ("{type: constant-arrival-rate, rate: 10, duration: 1s, preAllocatedVUs: 4, maxVUs: 2}", "below preAllocatedVUs"),
            ("{type: constant-vus, vus: 1, duration: 1s, maxVUs: 2}", "does not take 'maxVUs'"),
            ("{type: per-vu-iterations, vus: 2, iterations: 3, duration: 1s}", "does not take 'duration'"),
            ("{type: constant-vus, vus: 1, duration: 1s, iterations: 3}", "does not take 'iterations'"),
        ] {
            do {
                _ = try parse(executor)
                Issue.record("accepted: \(executor)")
            } catch {
                #expect(error.line == 2 && error.reason.contains(reason), "\(error)")
            }
        }
    }

    @Test func segmentsAddUpToTheWhole() {
        var spec = ExecutorSpec(kind: .rampingVUs)
        spec.stages = [Stage(duration: .seconds(10), target: 150), Stage(duration: .seconds(10), target: 7)]
        for count in 1...4 {
            let parts = (1...count).map { spec.segment($0, of: count) }
            #expect(parts.map { $0.stages[0].target }.reduce(0, +) == 150)
            #expect(parts.map { $0.stages[1].target }.reduce(0, +) == 7)
        }
        var rate = ExecutorSpec(kind: .constantArrivalRate)
        rate.rate = 1001
        rate.preAllocatedVUs = 50
        #expect((1...3).map { rate.segment($0, of: 3).rate }.reduce(0, +) == 1001)
    }

    @Test func capacityIsTheBestWindowWithinTheSLO() {
        func point(_ t: Double, _ requests: Int, p95: Double, failed: Int = 0) -> TimeSeriesPoint {
            TimeSeriesPoint(elapsed: t, requests: requests, failed: failed, p50: p95 / 2, p95: p95, p99: p95, vus: 1, iterations: requests, droppedIterations: 0)
        }
        let points = (1...10).map { point(Double($0), $0 * 100, p95: $0 <= 6 ? 50 : 900) }
        let search = CapacitySearch(p95Milliseconds: 250, windowSeconds: 3)
        #expect(search.highestRate(in: points) == 500)  // seconds 4–6: 400, 500, 600
        #expect(CapacitySearch(p95Milliseconds: 10, windowSeconds: 3).highestRate(in: points) == 0)
    }
}
