import Foundation
import NIOHTTP1
import Yams

/// Reads scenario files. Every problem is reported with the file, line and reason: unknown keys,
/// wrong types, bad durations or thresholds, and variables no step, setup or `env:` provides.
public enum ScenarioLoader {
    /// Loads the scenario at `path`.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError(file: path, line: 0, reason: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    /// Parses scenario YAML; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(ScenarioError) -> Scenario {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ScenarioError(file: file, line: 0, reason: "the file is empty")
            }
            root = node
        } catch let error as ScenarioError {
            throw error
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        } catch {
            throw ScenarioError(file: file, line: 0, reason: "not YAML: \(error)")
        }
        var reader = Reader(file: file)
        return try reader.scenario(YAMLValue(node: root, file: file))
    }

    private static func yamlError(_ error: YamlError, file: String) -> ScenarioError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ScenarioError(file: file, line: mark.line, column: mark.column, reason: "not valid YAML: \(problem)")
        default:
            return ScenarioError(file: file, line: 0, reason: "not valid YAML: \(error)")
        }
    }
}

/// The parser's state: the variables known so far, to reject templates that use unknown ones.
private struct Reader {
    let file: String
    var known: Set<String> = ["vu", "iteration"]

    init(file: String) {
        self.file = file
    }

    mutating func scenario(_ root: YAMLValue) throws(ScenarioError) -> Scenario {
        let fields = try root.fields(
            "the scenario",
            allowed: [
                "name", "description", "baseURL", "env", "data", "cookies", "insecureSkipTLSVerify", "tlsCAFile", "executor", "setup", "personas", "steps", "thresholds",
                "actions", "capacity", "scenarios", "teardown",
            ])
        let name = try fields.required("name").string("name")
        let description = try fields["description"]?.string("description") ?? ""
        var environment: [String: String] = [:]
        if let env = fields["env"] {
            for (key, value) in try env.mapping("env") {
                environment[key] = try value.string("env.\(key)")
                known.insert(key)
            }
        }
        let data = try (fields["data"]?.mapping("data") ?? []).map { entry throws(ScenarioError) in try dataSource(entry.key, entry.value) }
        let baseURL = try fields["baseURL"].map { value throws(ScenarioError) in try template(value, "baseURL") }
        let actions = try (fields["actions"]?.sequence("actions") ?? []).map { value throws(ScenarioError) in try action(value) }
        for action in actions { known.formUnion(action.set.keys) }

        var setup: [SetupBlock] = []
        for value in try fields["setup"]?.sequence("setup") ?? [] {
            setup.append(try setupBlock(value))
        }

        var workloads: [Workload] = []
        var thresholds = try thresholdList(fields["thresholds"], scenario: nil)
        if let list = fields["scenarios"] {
            for key in ["executor", "steps", "personas"] {
                if let value = fields[key] { throw value.error("with scenarios:, '\(key)' goes inside each scenario") }
            }
            for (name, value) in try list.mapping("scenarios") {
                let (workload, own) = try workload(name, value)
                workloads.append(workload)
                thresholds += own
            }
            guard !workloads.isEmpty else { throw list.error("scenarios must name at least one scenario") }
        } else {
            let executor = try executorSpec(try fields.required("executor"))
            workloads = [Workload(name: "default", executor: executor, personas: try personas(fields, owner: root))]
        }
        let teardown = try fields["teardown"].map { value throws(ScenarioError) -> [Step] in
            let saved = known
            defer { known = saved }
            return try stepList(value, "teardown")
        } ?? []
        var capacity: CapacitySearch?
        if let value = fields["capacity"] {
            let c = try value.fields("capacity", allowed: ["p95", "maxFailedRate", "window"])
            let p95 = try c.required("p95").duration("capacity.p95")
            capacity = CapacitySearch(
                p95Milliseconds: Double(p95.inNanoseconds) / 1e6,
                maxFailedRate: try c["maxFailedRate"]?.double("capacity.maxFailedRate", in: 0...1) ?? 0.01,
                windowSeconds: try c["window"].map { v throws(ScenarioError) in
                    Int((try v.duration("capacity.window") / .seconds(1)).rounded())
                } ?? 5)
        }
        var scenario = Scenario(
            name: name, description: description, file: file, workloads: workloads, isMultiScenario: fields["scenarios"] != nil,
            environment: environment, baseURL: baseURL, setup: setup, data: data, teardown: teardown, thresholds: thresholds,
            actions: actions, capacity: capacity)
        if let value = fields["cookies"] { scenario.cookies = try value.bool("cookies") }
        if let value = fields["insecureSkipTLSVerify"] { scenario.tls.insecureSkipVerify = try value.bool("insecureSkipTLSVerify") }
        if let value = fields["tlsCAFile"] {
            let path = resolve(try value.string("tlsCAFile"))
            guard FileManager.default.isReadableFile(atPath: path) else { throw value.error("tlsCAFile: cannot read \(path)") }
            scenario.tls.caFile = path
        }
        return scenario
    }

    /// The personas of a scenario: `personas:` or a single `steps:` list.
    mutating func personas(_ fields: YAMLFields, owner: YAMLValue) throws(ScenarioError) -> [Persona] {
        switch (fields["personas"], fields["steps"]) {
        case (let list?, nil):
            var personas: [Persona] = []
            for value in try list.sequence("personas") { personas.append(try persona(value)) }
            guard !personas.isEmpty else { throw list.error("personas must list at least one persona") }
            return personas
        case (nil, let steps?):
            let saved = known
            defer { known = saved }
            return [Persona(name: "default", weight: 1, steps: try stepList(steps, "steps"))]
        case (.some, .some):
            throw fields["steps"]!.error("give either personas or steps, not both")
        case (nil, nil):
            throw owner.error("the scenario needs steps (or personas with steps)")
        }
    }

    /// One entry of `scenarios:`: its executor, `startTime`, `tags`, steps or personas, and its
    /// own thresholds, which apply to its requests only (`METRIC{scenario:NAME}`).
    mutating func workload(_ name: String, _ value: YAMLValue) throws(ScenarioError) -> (Workload, [ThresholdSpec]) {
        guard !name.isEmpty, !name.contains(where: { $0 == "{" || $0 == "}" || $0 == "," || $0 == ":" || $0.isWhitespace }) else {
            throw value.error("scenario name '\(name)' may not contain spaces, braces, commas or colons")
        }
        let fields = try value.fields(
            "scenarios.\(name)", allowed: ["executor", "startTime", "tags", "steps", "personas", "thresholds"])
        var workload = Workload(
            name: name, executor: try executorSpec(try fields.required("executor")), personas: try personas(fields, owner: value))
        if let start = fields["startTime"] { workload.startTime = try start.duration("scenarios.\(name).startTime") }
        if let tags = fields["tags"] {
            for (key, tag) in try tags.mapping("scenarios.\(name).tags") {
                guard key != "scenario" else { throw tag.error("the scenario tag is the scenario's name") }
                workload.tags[key] = try tag.string("scenarios.\(name).tags.\(key)")
            }
        }
        return (workload, try thresholdList(fields["thresholds"], scenario: name))
    }

    /// A `thresholds:` mapping; with `scenario`, each metric is narrowed to that scenario's sub-metric.
    func thresholdList(_ value: YAMLValue?, scenario: String?) throws(ScenarioError) -> [ThresholdSpec] {
        guard let value else { return [] }
        var thresholds: [ThresholdSpec] = []
        for (written, entry) in try value.mapping("thresholds") {
            var metric = written
            if let scenario {
                metric = written.hasSuffix("}") ? String(written.dropLast()) + ",scenario:\(scenario)}" : written + "{scenario:\(scenario)}"
            }
            let entries = entry.isSequence ? try entry.sequence("thresholds.\(written)") : [entry]
            for item in entries { thresholds.append(try threshold(metric: metric, item)) }
        }
        return thresholds
    }

    /// A path the scenario names: absolute as written, else relative to the scenario's folder.
    func resolve(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(relative).path
    }

    // MARK: data

    /// `NAME: FILE` or `NAME: {file: FILE, pick: per-vu|sequential|random|unique}`; the file is
    /// read now, relative to the scenario's folder, and its columns become known variables.
    mutating func dataSource(_ name: String, _ value: YAMLValue) throws(ScenarioError) -> DataSource {
        guard let first = name.first, first.isLetter || first == "_", name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw value.error("data source '\(name)' is not a name (letters, digits, _)")
        }
        let fileValue: YAMLValue
        var pick = DataSource.Pick.sequential
        if value.isScalar {
            fileValue = value
        } else {
            let fields = try value.fields("data.\(name)", allowed: ["file", "pick"])
            fileValue = try fields.required("file")
            if let pickValue = fields["pick"] {
                let text = try pickValue.string("data.\(name).pick")
                guard let parsed = DataSource.Pick(rawValue: text) else {
                    throw pickValue.error("pick '\(text)': expected one of \(DataSource.Pick.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                pick = parsed
            }
        }
        let path = resolve(try fileValue.string("data.\(name).file"))
        let source: DataSource
        do { source = try DataSource.read(path: path, name: name, pick: pick) } catch { throw fileValue.error(error.description) }
        for column in source.columns { known.insert("\(name).\(column)") }
        return source
    }

    // MARK: executor

    func executorSpec(_ value: YAMLValue) throws(ScenarioError) -> ExecutorSpec {
        let fields = try value.fields(
            "executor",
            allowed: [
                "type", "vus", "duration", "startVUs", "startRate", "stages", "rate", "timeUnit", "preAllocatedVUs", "maxVUs",
                "gracefulStop", "iterations", "maxDuration",
            ])
        let typeValue = try fields.required("type")
        let typeName = try typeValue.string("executor.type")
        guard let kind = ExecutorSpec.Kind(rawValue: typeName) else {
            throw typeValue.error("unknown executor '\(typeName)'; expected one of: \(ExecutorSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var spec = ExecutorSpec(kind: kind)
        func disallow(_ keys: [String]) throws(ScenarioError) {
            for key in keys { if let v = fields[key] { throw v.error("\(typeName) does not take '\(key)'") } }
        }
        if let v = fields["gracefulStop"] { spec.gracefulStop = try v.duration("executor.gracefulStop") }
        if let v = fields["timeUnit"] { spec.timeUnit = try v.duration("executor.timeUnit") }
        if kind != .perVUIterations { try disallow(["iterations", "maxDuration"]) }
        switch kind {
        case .perVUIterations:
            try disallow(["duration", "stages", "rate", "startVUs", "startRate", "preAllocatedVUs", "maxVUs", "timeUnit"])
            spec.vus = try fields["vus"]?.int("executor.vus", in: 1...100_000) ?? 1
            spec.iterations = try fields["iterations"]?.int("executor.iterations", in: 1...100_000_000) ?? 1
            if let v = fields["maxDuration"] { spec.maxDuration = try v.duration("executor.maxDuration") }
        case .constantVUs:
            try disallow(["stages", "rate", "startVUs", "startRate", "preAllocatedVUs", "maxVUs", "timeUnit"])
            spec.vus = try fields.required("vus").int("executor.vus", in: 1...100_000)
            spec.duration = try fields.required("duration").duration("executor.duration")
        case .rampingVUs:
            try disallow(["vus", "duration", "rate", "startRate", "preAllocatedVUs", "maxVUs", "timeUnit"])
            spec.start = try fields["startVUs"]?.int("executor.startVUs", in: 0...100_000) ?? 0
            spec.stages = try stages(try fields.required("stages"))
        case .constantArrivalRate:
            try disallow(["stages", "vus", "startVUs", "startRate"])
            spec.rate = try fields.required("rate").int("executor.rate", in: 1...10_000_000)
            spec.duration = try fields.required("duration").duration("executor.duration")
            spec.preAllocatedVUs = try fields.required("preAllocatedVUs").int("executor.preAllocatedVUs", in: 1...100_000)
        case .rampingArrivalRate:
            try disallow(["vus", "duration", "rate", "startVUs"])
            spec.start = try fields["startRate"]?.int("executor.startRate", in: 0...10_000_000) ?? 0
            spec.stages = try stages(try fields.required("stages"))
            spec.preAllocatedVUs = try fields.required("preAllocatedVUs").int("executor.preAllocatedVUs", in: 1...100_000)
        }
        if kind == .constantArrivalRate || kind == .rampingArrivalRate {
            spec.maxAllocatedVUs = spec.preAllocatedVUs
            if let v = fields["maxVUs"] {
                spec.maxAllocatedVUs = try v.int("executor.maxVUs", in: 1...100_000)
                guard spec.maxAllocatedVUs >= spec.preAllocatedVUs else {
                    throw v.error("maxVUs (\(spec.maxAllocatedVUs)) is below preAllocatedVUs (\(spec.preAllocatedVUs))")
                }
            }
        }
        if spec.totalDuration <= .zero { throw value.error("the executor runs for no time") }
        return spec
    }

    func stages(_ value: YAMLValue) throws(ScenarioError) -> [Stage] {
        let items = try value.sequence("stages")
        guard !items.isEmpty else { throw value.error("stages must list at least one stage") }
        var stages: [Stage] = []
        for item in items {
            let f = try item.fields("a stage", allowed: ["duration", "target"])
            stages.append(Stage(
                duration: try f.required("duration").duration("stage duration"),
                target: try f.required("target").int("stage target", in: 0...10_000_000)))
        }
        return stages
    }

    // MARK: setup, personas, steps

    mutating func setupBlock(_ value: YAMLValue) throws(ScenarioError) -> SetupBlock {
        let fields = try value.fields("a setup block", allowed: ["name", "count", "steps"])
        let name = try fields["name"]?.string("setup name") ?? "setup"
        let count = try fields["count"]?.int("setup count", in: 1...100_000) ?? 1
        known.insert("index")
        let steps = try stepList(try fields.required("steps"), "setup steps")
        known.remove("index")
        return SetupBlock(name: name, count: count, steps: steps)
    }

    mutating func persona(_ value: YAMLValue) throws(ScenarioError) -> Persona {
        let fields = try value.fields("a persona", allowed: ["name", "weight", "steps"])
        let saved = known
        defer { known = saved }
        return Persona(
            name: try fields.required("name").string("persona name"),
            weight: try fields["weight"]?.double("persona weight", in: 0...1e9) ?? 1,
            steps: try stepList(try fields.required("steps"), "persona steps"))
    }

    mutating func stepList(_ value: YAMLValue, _ what: String) throws(ScenarioError) -> [Step] {
        let items = try value.sequence(what)
        guard !items.isEmpty else { throw value.error("\(what) must list at least one step") }
        // Captures are known to every step of the list (a loop may use a value captured later on
        // its previous pass); a step that reads one before any capture fails at run time.
        for item in items where item.isMapping {
            if let capture = try item.fields("a step", allowed: Self.stepKeys)["capture"] {
                for (name, _) in try capture.mapping("capture") { known.insert(name) }
            }
        }
        var steps: [Step] = []
        for item in items { steps.append(try step(item)) }
        return steps
    }

    static let stepKeys = [
        "name", "method", "path", "headers", "json", "body", "tags", "timeout", "checks", "capture", "metrics", "think",
        "retry", "probability", "group", "loop", "steps",
    ]

    mutating func step(_ value: YAMLValue) throws(ScenarioError) -> Step {
        let fields = try value.fields("a step", allowed: Self.stepKeys)
        if let group = fields["group"] {
            for key in ["method", "path", "headers", "json", "body", "checks", "capture", "metrics", "think", "retry", "timeout", "tags"] {
                if let v = fields[key] { throw v.error("a group takes name, loop, probability and steps, not '\(key)'") }
            }
            let loop = try loopRange(fields["loop"])
            return .group(GroupStep(
                name: try group.string("group"), steps: try stepList(try fields.required("steps"), "group steps"),
                loop: loop, probability: try probability(fields["probability"])))
        }
        if let think = fields["think"], fields.pairs.count == 1 {
            return .think(try thinkTime(think))
        }
        if let v = fields["steps"] { throw v.error("'steps' belongs to a group; add 'group: NAME'") }
        if let v = fields["loop"] { throw v.error("'loop' belongs to a group; add 'group: NAME'") }
        guard let pathValue = fields["path"] else { throw value.error("a step needs a 'path' (or 'group', or only 'think')") }
        let name: String
        if let nameValue = fields["name"] { name = try nameValue.string("step name") } else { name = try pathValue.string("path") }
        let request = try requestTemplate(fields, target: pathValue, isURL: false)
        return .request(RequestStep(
            name: name, request: request, checks: try checks(fields["checks"]), captures: try captures(fields["capture"]),
            metrics: try metricRules(fields["metrics"]), retry: try fields["retry"].map { v throws(ScenarioError) in try retry(v) },
            think: try fields["think"].map { v throws(ScenarioError) in try thinkTime(v) },
            probability: try probability(fields["probability"]), line: value.line))
    }

    /// `retry: {until: CONDITION, every: 500ms, attempts: 20}`; `every` defaults to 1s and
    /// `attempts` (all sends, the first included) to 10.
    func retry(_ value: YAMLValue) throws(ScenarioError) -> Retry {
        let fields = try value.fields("retry", allowed: ["until", "every", "attempts"])
        let until = try condition(try fields.required("until"), "retry until")
        var every = Duration.seconds(1)
        if let everyValue = fields["every"] {
            let text = try everyValue.string("every")
            guard let parsed = Duration(k6: text), parsed > .zero else {
                throw everyValue.error("every must be a duration (500ms, 2s), not '\(text)'")
            }
            every = parsed
        }
        let attempts = try fields["attempts"].map { v throws(ScenarioError) in try v.int("attempts", in: 1...10_000) } ?? 10
        return Retry(until: until, every: every, attempts: attempts)
    }

    func requestTemplate(_ fields: YAMLFields, target: YAMLValue, isURL: Bool) throws(ScenarioError) -> RequestTemplate {
        let methodName = try fields["method"]?.string("method").uppercased() ?? "GET"
        let methods: [String: HTTPMethod] = [
            "GET": .GET, "POST": .POST, "PUT": .PUT, "PATCH": .PATCH, "DELETE": .DELETE, "HEAD": .HEAD, "OPTIONS": .OPTIONS,
        ]
        guard let method = methods[methodName] else {
            throw fields["method"]!.error("unknown method '\(methodName)'; expected one of: \(methods.keys.sorted().joined(separator: ", "))")
        }
        let targetTemplate = try template(target, isURL ? "url" : "path")
        let text = try target.string(isURL ? "url" : "path")
        if isURL {
            guard text.hasPrefix("http://") || text.hasPrefix("{{") else { throw target.error("url must start with http://") }
        } else if !text.hasPrefix("/") {
            throw target.error("path must start with / (the base URL comes from --base-url or baseURL)")
        }
        var headers: [(String, Template)] = []
        for (name, value) in try fields["headers"]?.mapping("headers") ?? [] {
            headers.append((name, try template(value, "header \(name)")))
        }
        var body: RequestTemplate.Body?
        switch (fields["json"], fields["body"]) {
        case (let json?, nil): body = .json(try jsonTemplate(json))
        case (nil, let text?): body = .text(try template(text, "body"))
        case (.some, .some): throw fields["body"]!.error("give either json or body, not both")
        case (nil, nil): break
        }
        var tags: [(String, Template)] = []
        for (name, value) in try fields["tags"]?.mapping("tags") ?? [] {
            tags.append((name, try template(value, "tag \(name)")))
        }
        let timeout = try fields["timeout"].map { v throws(ScenarioError) in try v.duration("timeout") }
        return RequestTemplate(
            method: method, target: targetTemplate, targetKind: isURL ? .url : .path, headers: headers, body: body, tags: tags,
            timeout: timeout)
    }

    func template(_ value: YAMLValue, _ what: String) throws(ScenarioError) -> Template {
        let text = try value.string(what)
        let template: Template
        do {
            template = try Template(parsing: text)
        } catch {
            throw value.error(error.reason)
        }
        for name in template.variableNames where !known.contains(name) {
            throw value.error("unknown variable '\(name)' in \(what); declare it under env:, capture it in an earlier step or setup, or set it in an action")
        }
        return template
    }

    func jsonTemplate(_ value: YAMLValue) throws(ScenarioError) -> JSONTemplate {
        switch value.node {
        case .mapping:
            var pairs: [(String, JSONTemplate)] = []
            for (key, item) in try value.mapping("json") { pairs.append((key, try jsonTemplate(item))) }
            return .object(pairs)
        case .sequence:
            var items: [JSONTemplate] = []
            for item in try value.sequence("json") { items.append(try jsonTemplate(item)) }
            return .array(items)
        case .scalar(let scalar):
            if scalar.style == .plain {
                let text = scalar.string
                if ["true", "false", "null"].contains(text) || (Double(text) != nil && !text.contains("_")) {
                    return .raw(text == "~" ? "null" : text)
                }
            }
            return .string(try template(value, "json value"))
        case .alias:
            throw value.error("aliases are not supported in json bodies")
        }
    }

    func thinkTime(_ value: YAMLValue) throws(ScenarioError) -> ThinkTime {
        let text = try value.string("think")
        guard let think = ThinkTime(parsing: text) else { throw value.error("think must be a duration (1s) or a range (2s-5s), not '\(text)'") }
        return think
    }

    func probability(_ value: YAMLValue?) throws(ScenarioError) -> Double {
        try value?.double("probability", in: 0...1) ?? 1
    }

    func loopRange(_ value: YAMLValue?) throws(ScenarioError) -> ClosedRange<Int> {
        guard let value else { return 1...1 }
        let text = try value.string("loop")
        let pieces = text.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(pieces.count), let low = pieces.first ?? nil, let high = pieces.last ?? nil, low >= 0, high >= low, high <= 10_000 else {
            throw value.error("loop must be a count (3) or a range (1-3), not '\(text)'")
        }
        return low...high
    }

    // MARK: checks, captures, metrics

    func checks(_ value: YAMLValue?) throws(ScenarioError) -> [Check] {
        guard let value else { return [] }
        var checks: [Check] = []
        for (name, condition) in try value.mapping("checks") {
            checks.append(Check(name: name, condition: try self.condition(condition, "check '\(name)'")))
        }
        return checks
    }

    func captures(_ value: YAMLValue?) throws(ScenarioError) -> [Capture] {
        guard let value else { return [] }
        var captures: [Capture] = []
        for (name, source) in try value.mapping("capture") {
            guard name.first.map({ $0.isLetter || $0 == "_" }) == true, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw value.error("capture name '\(name)' is not a variable name")
            }
            let fields = try source.fields("capture \(name)", allowed: ResponseSelector.keys)
            captures.append(Capture(variable: name, selector: try selector(fields, owner: source, "capture \(name)")))
        }
        return captures
    }

    func selector(_ fields: YAMLFields, owner: YAMLValue, _ what: String) throws(ScenarioError) -> ResponseSelector {
        let present = ResponseSelector.keys.filter { fields.has($0) }
        guard present.count == 1 else {
            throw owner.error("\(what) must read exactly one of: \(ResponseSelector.keys.joined(separator: ", "))")
        }
        switch present[0] {
        case "status": return .status
        case "header": return .header(try fields.required("header").string("header"))
        case "json":
            let value = try fields.required("json")
            do { return .json(try JSONPath(parsing: try value.string("json"))) } catch let error as TemplateError { throw value.error(error.reason) } catch {
                throw value.error("\(error)")
            }
        case "body": return .body
        case "cookie": return .cookie(try fields.required("cookie").string("cookie"))
        default: return .duration
        }
    }

    func condition(_ value: YAMLValue, _ what: String) throws(ScenarioError) -> Condition {
        let fields = try value.fields(what, allowed: ResponseSelector.keys + Condition.predicateKeys)
        let selectorFields = YAMLFields(owner: value, what: what, pairs: fields.pairs.filter { ResponseSelector.keys.contains($0.key) })
        let selector = try self.selector(selectorFields, owner: value, what)
        let predicates = fields.pairs.filter { Condition.predicateKeys.contains($0.key) }
        if predicates.isEmpty {
            // `{status: 200}`, `{status: [200, 201]}`, `{header: X-Cache}` (exists).
            if case .status = selector {
                let v = fields["status"]!
                if v.isSequence { return Condition(selector: .status, predicate: .oneOf(try v.sequence("status").map { x throws(ScenarioError) in String(try x.int("status", in: 0...999)) })) }
                if !v.isNull { return Condition(selector: .status, predicate: .equals(String(try v.int("status", in: 0...999)))) }
            }
            return Condition(selector: selector, predicate: .exists(true))
        }
        guard predicates.count == 1 else { throw value.error("\(what) takes one test, not \(predicates.map(\.key).joined(separator: " and "))") }
        let (key, argument) = predicates[0]
        let predicate: Condition.Predicate
        switch key {
        case "equals": predicate = .equals(try argument.string("equals"))
        case "notEquals": predicate = .notEquals(try argument.string("notEquals"))
        case "in": predicate = .oneOf(try argument.sequence("in").map { x throws(ScenarioError) in try x.string("in") })
        case "exists": predicate = .exists(try argument.bool("exists"))
        case "contains": predicate = .contains(try argument.string("contains"))
        case "lessThan": predicate = .lessThan(try argument.double("lessThan"))
        case "greaterThan": predicate = .greaterThan(try argument.double("greaterThan"))
        default:
            guard try argument.bool("notEmpty") else { throw argument.error("notEmpty: false is not a test; use exists: false") }
            predicate = .notEmpty
        }
        return Condition(selector: selector, predicate: predicate)
    }

    func metricRules(_ value: YAMLValue?) throws(ScenarioError) -> [MetricRule] {
        guard let value else { return [] }
        var rules: [MetricRule] = []
        for item in try value.sequence("metrics") {
            let fields = try item.fields("a custom metric", allowed: ["counter", "rate", "trend", "when", "value"])
            let kinds = ["counter", "rate", "trend"].filter { fields.has($0) }
            guard kinds.count == 1 else { throw item.error("a custom metric is one of counter: NAME, rate: NAME or trend: NAME") }
            let nameValue = try fields.required(kinds[0])
            let name = try nameValue.string("metric name")
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw nameValue.error("metric name '\(name)' must be letters, digits and _")
            }
            if BuiltinMetric.all.contains(name) { throw nameValue.error("'\(name)' is a built-in metric") }
            let when = try fields["when"].map { v throws(ScenarioError) in try condition(v, "when") }
            let kind: MetricRule.Kind
            switch kinds[0] {
            case "counter":
                if let v = fields["value"] { throw v.error("a counter counts responses; use when: to choose them") }
                kind = .counter
            case "rate":
                let v = try fields.required("value")
                kind = .rate(try condition(v, "value"))
            default:
                if let v = fields["value"] {
                    let f = try v.fields("value", allowed: ResponseSelector.keys)
                    kind = .trend(try selector(f, owner: v, "value"))
                } else {
                    kind = .trend(.duration)
                }
            }
            rules.append(MetricRule(name: name, kind: kind, when: when))
        }
        return rules
    }

    // MARK: thresholds, actions

    func threshold(metric: String, _ value: YAMLValue) throws(ScenarioError) -> ThresholdSpec {
        var expressionValue = value
        var abortOnFail = false
        var delay = Duration.zero
        if value.isMapping {
            let f = try value.fields("a threshold", allowed: ["threshold", "abortOnFail", "delayAbortEval"])
            expressionValue = try f.required("threshold")
            abortOnFail = try f["abortOnFail"]?.bool("abortOnFail") ?? false
            delay = try f["delayAbortEval"]?.duration("delayAbortEval") ?? .zero
        }
        let expression = try expressionValue.string("threshold")
        do {
            return ThresholdSpec(threshold: try Threshold(metric: metric, expression: expression), abortOnFail: abortOnFail, delayAbortEval: delay)
        } catch {
            throw expressionValue.error(error.description)
        }
    }

    func action(_ value: YAMLValue) throws(ScenarioError) -> TimedAction {
        let fields = try value.fields("an action", allowed: ["name", "at", "set", "method", "url", "headers", "json", "body", "timeout", "checks"])
        let at = try fields.required("at").duration("at")
        var set: [String: String] = [:]
        for (key, v) in try fields["set"]?.mapping("set") ?? [] { set[key] = try v.string("set.\(key)") }
        let request = try fields["url"].map { url throws(ScenarioError) in try requestTemplate(fields, target: url, isURL: true) }
        if request == nil {
            for key in ["method", "headers", "json", "body", "checks", "timeout"] {
                if let v = fields[key] { throw v.error("'\(key)' needs a url to send to") }
            }
            if set.isEmpty { throw value.error("an action needs a url to call or values to set") }
        }
        let atText = try fields.required("at").string("at")
        let name = try fields["name"].map { v throws(ScenarioError) in try v.string("action name") } ?? "action at \(atText)"
        return TimedAction(
            name: name, at: at, set: set,
            request: request, checks: try checks(fields["checks"]), line: value.line)
    }
}
