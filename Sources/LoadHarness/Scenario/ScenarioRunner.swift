import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Runs a ``Scenario``: setup, then the executor with the personas' steps, the timed actions
/// and the progress sampler side by side, then the thresholds.
public struct ScenarioRunner: Sendable {
    /// Setup did not produce what the test needs.
    public struct SetupFailure: Error, CustomStringConvertible {
        /// What failed.
        public let description: String
    }

    /// The gauge a capacity search sets to its result (requests per second), for thresholds.
    public static let capacityMetric = "capacity_rps"

    /// The scenario, already scaled and overridden.
    public let scenario: Scenario
    /// How it runs.
    public let options: RunOptions

    /// - Parameters:
    ///   - scenario: the scenario, with `--scale`, `--vus` and `--duration` applied.
    ///   - options: the base URL, environment, segment and output.
    public init(scenario: Scenario, options: RunOptions) {
        self.scenario = scenario
        self.options = options
    }

    /// The environment the run sees: `env:` defaults, the process's values for the declared
    /// names, then `-e` overrides.
    public var environment: [String: String] {
        var environment = scenario.environment
        for name in scenario.environment.keys {
            if let value = options.processEnvironment[name] { environment[name] = value }
        }
        environment.merge(options.environment) { _, override in override }
        return environment
    }

    /// The base URL: `--base-url`, else the scenario's, else the dev server.
    public func baseURL() throws -> String {
        if let url = options.baseURL { return url }
        guard let template = scenario.baseURL else { return "http://127.0.0.1:3000" }
        do {
            return try template.render(Variables(environment: environment))
        } catch {
            throw SetupFailure(description: "\(scenario.file): baseURL: \(error.reason)")
        }
    }

    /// How HTTPS targets are verified: the command line's options, else the scenario's.
    public var tls: TLSOptions { options.tls ?? scenario.tls }

    /// Runs the scenario to its end (or until an `abortOnFail` threshold fails or the task is
    /// cancelled) and evaluates the thresholds.
    public func run() async throws -> RunOutcome {
        let client = try LoadClient(
            baseURL: try baseURL(), eventLoopGroup: options.eventLoopGroup, requestTimeout: options.requestTimeout, cookies: scenario.cookies,
            tls: tls, traceparent: options.traceparent)
        let registry = MetricsRegistry(recordsSamples: !options.outputs.isEmpty)
        let errors = RunErrors()
        let environment = environment
        let records = try await runSetup(client: client, registry: registry, errors: errors, environment: environment)

        // Each scenario with its executor (this segment's share of it).
        let workloads = scenario.workloads.map { workload in
            var segmented = workload
            if let segment = options.segment { segmented.executor = workload.executor.segment(segment.index, of: segment.count) }
            return segmented
        }
        let shared = SharedVariables()
        let runner = StepRunner(file: scenario.file, failOnCheck: false, errors: errors)
        let dataSources = scenario.data
        let (exhausted, exhaustion) = AsyncStream.makeStream(of: String.self)
        // Iterations holding data rows: when a unique source runs out, the run ends once they finish.
        let holdingRows = ActiveCount()
        let tagsScenario = scenario.isMultiScenario
        /// What one VU of `workload` runs per iteration: its personas, under its tags.
        func body(of workload: Workload) -> IterationBody {
            let personas = workload.personas
            let totalWeight = personas.reduce(0) { $0 + $1.weight }
            let tagPersona = personas.count > 1
            var tagged = workload.tags
            if tagsScenario { tagged["scenario"] = workload.name }
            let workloadTags = tagged
            return { vu in
                var variables = Variables(environment: environment, shared: shared, vu: vu.id, iteration: vu.iteration)
                for blockRecords in records where !blockRecords.isEmpty {
                    variables.record.merge(blockRecords[(vu.id - 1) % blockRecords.count]) { _, new in new }
                }
                if !dataSources.isEmpty { holdingRows.enter() }
                defer { if !dataSources.isEmpty { holdingRows.leave() } }
                for source in dataSources {
                    guard let row = source.row(vu: vu.id) else {
                        // A unique source has run out: this iteration does nothing and is not counted;
                        // the VU waits for the end of the run instead of spinning.
                        vu.skipIteration()
                        holdingRows.leave()
                        exhaustion.yield(source.name)
                        try? await Task.sleep(for: .seconds(86_400))
                        holdingRows.enter()
                        return
                    }
                    variables.local.merge(source.variables(of: row)) { _, new in new }
                }
                let persona = Self.pick(personas, totalWeight: totalWeight)
                var tags = workloadTags
                if tagPersona { tags["persona"] = persona.name }
                do {
                    try await runner.run(persona.steps, variables: &variables, tags: tags, metrics: vu.metrics) { request in
                        await Self.send(request, on: vu)
                    }
                } catch {
                    // Cancelled, or a step failed (recorded in errors): the iteration ends here.
                }
            }
        }

        do {
            try await options.beforeLoad()
        } catch {
            throw SetupFailure(description: "before the load: \(error)")
        }
        _ = registry.drainInterval()  // setup's requests are not part of the time series
        let outputs = LiveOutputs(
            outputs: options.outputs, registry: registry, origin: client.origin, scenario: scenario.name, log: options.log)
        outputs.runStarted(thresholds: scenario.thresholds.map(\.threshold))
        let startedAt = Date()
        let start = ContinuousClock.now
        let plannedDuration = workloads.map { $0.startTime + $0.executor.totalDuration }.max() ?? .zero
        let sampler = ProgressSampler(
            registry: registry, output: options.progress, plannedDuration: plannedDuration,
            maxVUs: workloads.reduce(0) { $0 + $1.executor.maxVUs }, start: start)
        let abortSpecs = scenario.thresholds.filter(\.abortOnFail)
        let deadline = workloads.map(\.end).max() ?? .zero
        let gracefulStop = workloads.map(\.executor.gracefulStop).max() ?? .zero

        enum Event: Sendable {
            case executorFinished
            case gracefulStopExpired
            case aborted(String?)
            case actionsDone
            case dataExhausted(String)
        }
        let drainLimit = gracefulStop
        let abortReason = await withTaskGroup(of: Event.self) { group -> String? in
            for workload in workloads {
                let executor = workload.executor.makeExecutor()
                let body = body(of: workload)
                group.addTask {
                    if workload.startTime > .zero {
                        do { try await Task.sleep(until: start + workload.startTime, clock: .continuous) } catch { return .executorFinished }
                    }
                    await executor.run(client: client, registry: registry, body: body)
                    return .executorFinished
                }
            }
            group.addTask {
                do { try await Task.sleep(for: deadline) } catch { return .actionsDone }
                return .gracefulStopExpired
            }
            group.addTask {
                let reason = await sampler.run(needsSnapshots: !abortSpecs.isEmpty) { metrics, elapsed in
                    for spec in abortSpecs where elapsed >= spec.delayAbortEval {
                        let result = spec.threshold.evaluate(metrics, duration: elapsed)
                        if !result.passed { return "threshold \(spec.threshold) failed (abortOnFail)" }
                    }
                    return nil
                }
                return .aborted(reason)
            }
            group.addTask {
                await runActions(shared: shared, environment: environment, errors: errors, start: start)
                return .actionsDone
            }
            if outputs.isActive {
                group.addTask {
                    await outputs.flushEverySecond()
                    return .actionsDone
                }
            }
            group.addTask {
                for await name in exhausted {
                    options.log("data source '\(name)' has no rows left (pick: unique): stopping after the iterations in progress")
                    // The iterations that hold rows finish (within gracefulStop), then the run ends.
                    let deadline = ContinuousClock.now + drainLimit
                    while holdingRows.value > 0, ContinuousClock.now < deadline {
                        do { try await Task.sleep(for: .milliseconds(10)) } catch { return .actionsDone }
                    }
                    return .dataExhausted(name)
                }
                return .actionsDone
            }
            var reason: String?
            var running = workloads.count
            for await event in group {
                switch event {
                case .executorFinished:
                    running -= 1
                    if running == 0 { group.cancelAll() }
                case .gracefulStopExpired:
                    options.log("gracefulStop (\(gracefulStop)) expired: stopping iterations still running")
                    group.cancelAll()
                case .aborted(let why?):
                    reason = why
                    group.cancelAll()
                case .dataExhausted:
                    exhaustion.finish()
                    group.cancelAll()
                case .aborted(nil), .actionsDone:
                    continue
                }
            }
            return reason
        }
        let duration = ContinuousClock.now - start
        sampler.sample()
        sampler.finish()
        await runTeardown(client: client, registry: registry, errors: errors, environment: environment, records: records)
        outputs.finish()

        let points = sampler.points
        let capacity = scenario.capacity.map { $0.highestRate(in: points) }
        if let capacity { registry.shared.set(gauge: Self.capacityMetric, capacity) }
        let metrics = registry.snapshot()
        let thresholds = scenario.thresholds.map { $0.threshold.evaluate(metrics, duration: duration) }
        var outcome = RunOutcome(
            scenario: scenario.name, startedAt: startedAt, duration: duration, metrics: metrics, thresholds: thresholds,
            abortOnFail: Set(abortSpecs.map(\.threshold.description)), timeSeries: points,
            capacity: capacity, abortReason: abortReason, errors: errors.all)
        outcome.slowestTraced = registry.slowestTraced()
        return outcome
    }

    /// Sends on the VU's connection; cancelling the run closes the connection so the request
    /// ends at once instead of at its timeout.
    private static func send(_ request: HTTPRequest, on vu: VUContext) async -> HTTPResult {
        await withTaskCancellationHandler {
            await vu.request(request)
        } onCancel: {
            vu.connection.close()
        }
    }

    private static func pick(_ personas: [Persona], totalWeight: Double) -> Persona {
        guard personas.count > 1, totalWeight > 0 else { return personas[0] }
        var roll = Double.random(in: 0..<totalWeight)
        for persona in personas {
            if roll < persona.weight { return persona }
            roll -= persona.weight
        }
        return personas[personas.count - 1]
    }

    /// Runs every setup block; each repetition's captures become one record.
    private func runSetup(
        client: LoadClient, registry: MetricsRegistry, errors: RunErrors, environment: [String: String]
    ) async throws -> [[[String: VariableValue]]] {
        guard !scenario.setup.isEmpty else { return [] }
        let runner = StepRunner(file: scenario.file, failOnCheck: true, errors: errors)
        let sink = registry.makeSink()
        let connection = client.makeConnection()
        defer { connection.close() }
        var all: [[[String: VariableValue]]] = []
        for block in scenario.setup {
            var records: [[String: VariableValue]] = []
            for index in 0..<block.count {
                var variables = Variables(local: ["index": .text(String(index))], environment: environment)
                for earlier in all where !earlier.isEmpty { variables.record.merge(earlier[index % earlier.count]) { _, new in new } }
                do {
                    try await runner.run(block.steps, variables: &variables, tags: ["group": "setup"], metrics: sink) { request in
                        let result = await connection.send(request)
                        sink.record(result, tags: request.tags, method: request.method.rawValue, path: request.path)
                        return result
                    }
                } catch .failed(let message) {
                    throw SetupFailure(description: "setup '\(block.name)' #\(index): \(message)")
                } catch {
                    throw CancellationError()
                }
                variables.local["index"] = nil
                records.append(variables.local)
            }
            options.log("setup '\(block.name)': \(block.count) done")
            all.append(records)
        }
        return all
    }

    /// Runs the `teardown:` steps once, with the environment and each setup block's first record;
    /// a failed step or check is a run error, and the rest of the teardown is skipped.
    private func runTeardown(
        client: LoadClient, registry: MetricsRegistry, errors: RunErrors, environment: [String: String],
        records: [[[String: VariableValue]]]
    ) async {
        guard !scenario.teardown.isEmpty else { return }
        let runner = StepRunner(file: scenario.file, failOnCheck: true, errors: errors)
        let sink = registry.makeSink()
        let connection = client.makeConnection()
        defer { connection.close() }
        var variables = Variables(environment: environment)
        for blockRecords in records where !blockRecords.isEmpty { variables.record.merge(blockRecords[0]) { _, new in new } }
        do {
            try await runner.run(scenario.teardown, variables: &variables, tags: ["group": "teardown"], metrics: sink) { request in
                let result = await connection.send(request)
                sink.record(result, tags: request.tags, method: request.method.rawValue, path: request.path)
                return result
            }
            options.log("teardown: done")
        } catch .failed(let message) {
            errors.record("teardown: \(message)")
            options.log("teardown failed: \(message)")
        } catch {
            options.log("teardown: cancelled")
        }
    }

    /// Runs the timed actions at their times.
    private func runActions(shared: SharedVariables, environment: [String: String], errors: RunErrors, start: ContinuousClock.Instant) async {
        for action in scenario.actions.sorted(by: { $0.at < $1.at }) {
            do { try await Task.sleep(until: start + action.at, clock: .continuous) } catch { return }
            if !action.set.isEmpty { shared.set(action.set) }
            var outcome = action.set.isEmpty ? "" : "set \(action.set.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))"
            if let request = action.request {
                outcome += (outcome.isEmpty ? "" : "; ") + (await send(action, request, environment: environment, shared: shared, errors: errors))
            }
            options.log("action '\(action.name)' at \(ProgressSampler.clock(action.at.inSeconds)): \(outcome)")
        }
    }

    private func send(
        _ action: TimedAction, _ template: RequestTemplate, environment: [String: String], shared: SharedVariables, errors: RunErrors
    ) async -> String {
        let variables = Variables(environment: environment, shared: shared)
        do {
            let (url, request) = try template.render(variables, extraTags: [:])
            let client = try LoadClient(baseURL: url, eventLoopGroup: options.eventLoopGroup, requestTimeout: .seconds(10), tls: tls)
            var routed = request
            routed.path = client.basePath
            let connection = client.makeConnection()
            defer { connection.close() }
            let result = await connection.send(routed)
            let response = ResponseView(result)
            let failed = action.checks.filter { !$0.condition.holds(for: response) }.map(\.name)
            let summary = "\(request.method) \(url) → \(result.error.map { "\($0)" } ?? String(result.status))"
            if result.failed || !failed.isEmpty {
                let message = "\(scenario.file):\(action.line): action '\(action.name)': \(summary)"
                    + (failed.isEmpty ? "" : ", failed checks: \(failed.joined(separator: ", "))")
                errors.record(message)
            }
            return summary + (failed.isEmpty ? "" : " (failed checks: \(failed.joined(separator: ", ")))")
        } catch let error as TemplateError {
            errors.record("\(scenario.file):\(action.line): action '\(action.name)': \(error.reason)")
            return "not sent: \(error.reason)"
        } catch {
            errors.record("\(scenario.file):\(action.line): action '\(action.name)': \(error)")
            return "not sent: \(error)"
        }
    }
}

/// How many iterations are inside a region (holding data rows), read by the runner.
final class ActiveCount: Sendable {
    private let count = Atomic<Int>(0)

    func enter() { count.add(1, ordering: .relaxed) }
    func leave() { count.subtract(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
