import ArgumentParser
import Foundation
import LoadHarness
import NIOCore
import NIOPosix

/// `connect-load run`: runs a scenario file and prints k6's end-of-test summary; exit code 99
/// when a threshold fails.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario file (loadtests/*.yaml) and print a k6-style summary.",
        discussion: """
            SCENARIO is a file or the name of one in loadtests/ (smoke, ai-load, mixed-traffic,
            circuit-breaker, capacity, capacity-mix, soak). Exit codes: 0 passed, 99 a threshold failed (or an
            abortOnFail threshold stopped the run), 104 invalid scenario or option values, 107
            setup failed (e.g. the load-test users could not log in), 64 unknown or missing
            arguments.

            Distributed runs: start one `connect-load coordinate --segments N` and N processes
            with `--segment I/N --coordinator http://HOST:PORT` (I is 1…N; `auto/N` takes I from
            Kubernetes' JOB_COMPLETION_INDEX + 1). Each segment runs its setup, waits until all
            N are ready, starts at the same moment as the others, and delivers its summary to the
            coordinator, whose exit code and report are the whole run's: a segment then exits 0
            once the coordinator has its summary (or its setup failure), 1 when it could not be
            reached. Without a coordinator, --start-at gives segments a common start time.
            """)

    @Argument(help: "The scenario file, or a name in loadtests/.")
    var scenario: String

    @Option(help: "The server's base URL (default: the scenario's baseURL, else http://127.0.0.1:3000).")
    var baseURL: String?

    @Option(help: "Multiply every duration of the timeline (stages, actions) by this factor, e.g. 0.1.")
    var scale: Double?

    @Option(help: "Run this many VUs (constant-vus), scale ramping stages to this peak, or pre-allocate this many (arrival rate).")
    var vus: Int?

    @Option(help: "Run this long (constant executors), or stretch the stages to this length.")
    var duration: String?

    @Option(name: .customShort("e"), parsing: .singleValue, help: "NAME=VALUE: set a scenario variable; repeatable.")
    var env: [String] = []

    @Option(help: "Run segment I of N (I/N) of the VUs or rate, for runs spread over machines; auto/N reads I from JOB_COMPLETION_INDEX (0-based) + 1.")
    var segment: String?

    @Option(help: "Start the load (after setup) at this time: RFC 3339 (2026-12-03T21:00:00Z) or Unix seconds.")
    var startAt: String?

    @Option(help: "A `connect-load coordinate` URL: wait there for the other segments, start together, deliver the summary there.")
    var coordinator: String?

    @Option(help: "How long to keep trying to reach the coordinator and to wait for the other segments, in k6 units.")
    var coordinatorPatience = "10m"

    @Option(help: "Write the summary with encoded histograms to this JSON file (input of merge).")
    var summaryJSON: String?

    @Option(help: "Write a self-contained HTML report with charts to this file.")
    var report: String?

    @Option(help: "Compare with: phase2 (the original platform's figures), or a --summary-json file of an earlier run.")
    var baseline: String?

    @Option(name: .customLong("fail-on"), help: "With --baseline FILE.json: a regression gate, e.g. \"http_req_duration p(95) > +10%\"; repeatable (exit 99 when one fails).")
    var failOn: [String] = []

    @Option(help: "Event-loop threads for the VUs' connections (default: one per core).")
    var threads: Int?

    @Option(help: "Per-request timeout unless a step sets one, in k6 units.")
    var timeout = "60s"

    @OptionGroup var tls: TLSArguments

    @Option(name: .customLong("out"), parsing: .singleValue, help: "A live output: json=FILE (k6's NDJSON points), csv=FILE, prometheus=HOST:PORT (/metrics during the run); repeatable.")
    var outputs: [String] = []

    @Flag(help: "Send a new W3C traceparent with every request and print the slowest requests' trace ids, to find them in the target's traces.")
    var traceparent = false

    @Flag(help: "Print no progress line.")
    var quiet = false

    @Flag(help: "Print every request and response (headers) to standard error, as k6's --http-debug.")
    var httpDebug = false

    @Flag(help: "Like --http-debug, with bodies (k6's --http-debug=full).")
    var httpDebugFull = false

    @Flag(help: "Only load and check the scenario file, then exit.")
    var validateOnly = false

    func run() async throws {
        let path = Self.resolve(scenario)
        var loaded: Scenario
        do {
            loaded = try ScenarioLoader.load(path: path)
        } catch {
            Self.standardError("\(error)")
            throw ExitCode(104)
        }
        if let scale {
            guard scale > 0 else { return try Self.invalid("--scale must be above 0") }
            loaded = loaded.scaled(by: scale)
        }
        if let vus {
            guard vus >= 1 else { return try Self.invalid("--vus must be at least 1") }
            for index in loaded.workloads.indices { loaded.workloads[index].executor = loaded.workloads[index].executor.overriding(vus: vus) }
        }
        if let duration {
            guard let value = Duration(k6: duration), value > .zero else { return try Self.invalid("--duration '\(duration)' is not a duration") }
            for index in loaded.workloads.indices {
                loaded.workloads[index].executor = loaded.workloads[index].executor.overriding(duration: value)
            }
        }
        guard let requestTimeout = Duration(k6: timeout), requestTimeout > .zero else { return try Self.invalid("--timeout '\(timeout)' is not a duration") }
        var baselineFigures: Baseline?
        var baselineRun: RunSummary?
        if let baseline {
            if baseline.hasSuffix(".json") || FileManager.default.fileExists(atPath: baseline) {
                do { baselineRun = try RunSummary(contentsOf: URL(fileURLWithPath: baseline)) } catch {
                    return try Self.invalid("--baseline \(baseline): not a summary file (\(error))")
                }
            } else {
                do { baselineFigures = try Baseline.named(baseline) } catch { return try Self.invalid("--baseline: \(error)") }
            }
        }
        var gates: [RegressionGate] = []
        for rule in failOn {
            do { gates.append(try RegressionGate(parsing: rule)) } catch { return try Self.invalid("--fail-on: \(error)") }
        }
        if !gates.isEmpty, baselineRun == nil { return try Self.invalid("--fail-on needs --baseline FILE.json") }

        var options = RunOptions()
        options.baseURL = baseURL
        options.processEnvironment = ProcessInfo.processInfo.environment
        options.requestTimeout = requestTimeout
        options.tls = tls.applied(to: loaded.tls)
        options.traceparent = traceparent
        options.progress = quiet ? .none : .automatic
        for pair in env {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { return try Self.invalid("-e '\(pair)' is not NAME=VALUE") }
            options.environment[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        if let segment {
            guard let parsed = SegmentArgument.parse(segment, environment: ProcessInfo.processInfo.environment) else {
                return try Self.invalid("--segment '\(segment)' is not I/N with 1 ≤ I ≤ N (or auto/N with JOB_COMPLETION_INDEX set)")
            }
            options.segment = parsed
        }
        var startTime: StartTime?
        if let startAt {
            guard let parsed = StartTime(parsing: startAt) else { return try Self.invalid("--start-at '\(startAt)' is not RFC 3339 or Unix seconds") }
            startTime = parsed
        }
        var coordinatorClient: CoordinatorClient?
        if let coordinator {
            guard let segment = options.segment else { return try Self.invalid("--coordinator needs --segment I/N") }
            guard startTime == nil else { return try Self.invalid("--coordinator gives the start time: leave out --start-at") }
            guard let patience = Duration(k6: coordinatorPatience), patience > .zero else {
                return try Self.invalid("--coordinator-patience '\(coordinatorPatience)' is not a duration")
            }
            do { coordinatorClient = try CoordinatorClient(url: coordinator, segment: segment, patience: patience) } catch {
                return try Self.invalid("--coordinator: \(error)")
            }
        }
        if let coordinatorClient {
            options.beforeLoad = {
                print("  segment \(coordinatorClient.index)/\(coordinatorClient.count): waiting at the coordinator for the others")
                let start = StartTime(try await coordinatorClient.waitForStart())
                print("  all \(coordinatorClient.count) segments ready: starting at \(start)")
                try await start.wait()
            }
        } else if let startTime {
            options.beforeLoad = {
                print("  starting at \(startTime)")
                let late = try await startTime.wait()
                if late > .milliseconds(100) { print("  warning: --start-at had passed \(late) ago; started at once") }
            }
        }
        var prometheus: PrometheusOutput?
        var specs: [OutputSpec] = []
        for text in outputs {
            do { specs.append(try OutputSpec(parsing: text)) } catch { return try Self.invalid("\(error)") }
        }
        if validateOnly {
            let executors = loaded.workloads.map { "\($0.executor.kind.rawValue), \($0.executor.totalDuration.k6Description)" }.joined(separator: "; ")
            print("\(path): ok (\(loaded.name), \(executors))")
            return
        }

        let group: MultiThreadedEventLoopGroup? = threads.map { MultiThreadedEventLoopGroup(numberOfThreads: max($0, 1)) }
        if let group { options.eventLoopGroup = group }

        if httpDebug || httpDebugFull { HTTPDebug.set(httpDebugFull ? .full : .headers) }
        let thresholdsByMetric = Dictionary(grouping: loaded.thresholds.map(\.threshold), by: \.metric.name).mapValues { $0.map(\.expression) }
        for spec in specs {
            do {
                switch spec {
                case .json(let path): options.outputs.append(try NDJSONOutput(path: path, thresholds: thresholdsByMetric))
                case .csv(let path): options.outputs.append(try CSVOutput(path: path))
                case .prometheus(let host, let port):
                    let output = PrometheusOutput(host: host, port: port)
                    prometheus = output
                    options.outputs.append(output)
                }
            } catch {
                return try Self.invalid("--out: \(error)")
            }
        }
        let runner = ScenarioRunner(scenario: loaded, options: options)
        let url: String
        do { url = try runner.baseURL() } catch { return try Self.invalid("\(error)") }
        print("scenario: \(loaded.name) (\(path))\n  \(loaded.description)")
        let segmentNote = options.segment.map { ", segment \($0.index)/\($0.count)" } ?? ""
        if loaded.isMultiScenario {
            print("  scenarios: \(loaded.workloads.count), up to \(loaded.workloads.reduce(0) { $0 + $1.executor.maxVUs }) VUs\(segmentNote)")
            for workload in loaded.workloads {
                print("    * \(workload.name): \(workload.executor.kind.rawValue), up to \(workload.executor.maxVUs) VUs, "
                    + "\(workload.executor.totalDuration.k6Description) from \(workload.startTime.k6Description)")
            }
            print("  target: \(url)\n")
        } else {
            print("  executor: \(loaded.executor.kind.rawValue), up to \(loaded.executor.maxVUs) VUs, \(loaded.executor.totalDuration.k6Description)"
                + segmentNote + "\n  target: \(url)\n")
        }

        let result: Result<RunOutcome, any Error>
        do {
            result = .success(try await MetricsEndpoint.serving(prometheus) { try await runner.run() })
        } catch {
            result = .failure(error)
        }
        if let group { try? await group.shutdownGracefully() }
        let outcome: RunOutcome
        do {
            outcome = try result.get()
        } catch let failure as ScenarioRunner.SetupFailure {
            Self.standardError("setup failed: \(failure)")
            if let coordinatorClient {
                try await Self.tellCoordinator(coordinatorClient) { try await $0.reportFailure("setup failed: \(failure)") }
                throw ExitCode.success
            }
            throw ExitCode(107)
        } catch let error as LoadClient.InvalidURL {
            if let coordinatorClient {
                try await Self.tellCoordinator(coordinatorClient) { try await $0.reportFailure("\(error)") }
                throw ExitCode.success
            }
            return try Self.invalid("\(error)")
        }
        let summary = try write(outcome, segment: options.segment, baseline: baselineFigures)
        var regressed = false
        if let baselineRun {
            let comparison = RunComparison(base: baselineRun, new: summary, gates: gates)
            print(comparison.markdown())
            regressed = !comparison.passed
        }
        if let coordinatorClient {
            try await Self.tellCoordinator(coordinatorClient) { try await $0.deliver(summary) }
            print("  summary delivered to the coordinator, which judges the whole run")
            return
        }
        if !outcome.passed || regressed { throw ExitCode(99) }
    }

    /// Runs `message` against the coordinator; with a coordinator the segment's own verdict is
    /// not its exit code (0 once the coordinator has the result, 1 when it could not be told), so
    /// an Indexed Job never retries or cancels segments over a verdict that belongs to the run.
    private static func tellCoordinator(
        _ client: CoordinatorClient, _ message: (CoordinatorClient) async throws -> Void
    ) async throws {
        do {
            try await message(client)
        } catch {
            standardError("coordinator: \(error)")
            throw ExitCode(1)
        }
    }

    @discardableResult
    private func write(_ outcome: RunOutcome, segment: (index: Int, count: Int)?, baseline: Baseline?) throws -> RunSummary {
        let summary = RunSummary(
            scenario: outcome.scenario, startedAt: outcome.startedAt, duration: outcome.duration,
            segment: segment.map { "\($0.index)/\($0.count)" },
            metrics: outcome.metrics, thresholds: outcome.thresholds,
            abortOnFail: outcome.abortOnFail, timeSeries: outcome.timeSeries)
        print("\n" + summary.report.render())
        if let capacity = outcome.capacity {
            print(String(format: "  capacity: %.0f req/s held within the SLO\n", capacity))
        }
        if let reason = outcome.abortReason { print("  run aborted: \(reason)\n") }
        if !outcome.slowestTraced.isEmpty {
            print("  SLOWEST REQUESTS (trace ids, --traceparent)\n")
            for request in outcome.slowestTraced {
                print("    " + request.line)
            }
            print("")
        }
        if !outcome.errors.isEmpty {
            print("  ERRORS\n")
            for (message, count) in outcome.errors.prefix(20) { print("    \(count)× \(message)") }
            print("")
        }
        let comparison = baseline.map { BaselineComparison(baseline: $0, summary: summary) }
        if let comparison { print(comparison.render()) }
        if let summaryJSON {
            try summary.write(to: URL(fileURLWithPath: summaryJSON))
            print("  summary written to \(summaryJSON)")
        }
        if let report {
            try HTMLReport(summary: summary, baseline: comparison).write(to: URL(fileURLWithPath: report))
            print("  report written to \(report)")
        }
        return summary
    }

    /// A scenario name (`smoke`) means `loadtests/smoke.yaml`; anything else is a path.
    static func resolve(_ name: String) -> String {
        if FileManager.default.fileExists(atPath: name) || name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") { return name }
        return "loadtests/\(name).yaml"
    }

    static func standardError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    private static func invalid(_ message: String) throws {
        standardError(message)
        throw ExitCode(104)
    }
}
