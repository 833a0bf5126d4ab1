import ArgumentParser
import Foundation
import Hummingbird
import LoadHarness
import Logging
import NIOCore
import ServiceLifecycle

/// `connect-load coordinate`: the meeting point of a distributed run. Segments started with
/// `--coordinator` register here, start together, and deliver their summaries; this process
/// merges them, prints the whole run's summary, writes its report, and exits with its verdict —
/// thresholds judged on the union of every segment's requests, which k6 cannot do.
struct Coordinate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinate",
        abstract: "Coordinate a distributed run: start N segments together, merge their summaries, judge the whole run.",
        discussion: """
            Segments: `connect-load run SCENARIO --segment I/N --coordinator http://THIS:PORT`.
            HTTP interface (JSON):
              POST /v1/segments/I/ready?of=N    wait until all N are ready; answers the start time
              POST /v1/segments/I/summary?of=N  the segment's --summary-json content
              POST /v1/segments/I/failure?of=N  the reason the segment could not run (text)
              GET  /v1/status                   who has registered and delivered
              GET  /report, /summary.json       the whole run's, once it is over (see --linger)
            Exit codes: 0 the whole run passed, 99 a threshold failed on the merged metrics,
            107 a segment could not run, 1 segments missing when a timeout ran out.
            """)

    @Option(help: "N, the number of segments.")
    var segments: Int

    @Option(help: "Address to bind.")
    var host = "0.0.0.0"

    @Option(help: "Port to listen on (0 picks a free one; the chosen port is printed).")
    var port = 7000

    @Option(help: "Delay between the last segment's registration and the common start, in k6 units.")
    var lead = "3s"

    @Option(help: "Give up when the N segments have not all registered within this time.")
    var readyTimeout = "10m"

    @Option(help: "Give up when summaries are missing this long after the start (default: 1h).")
    var finishTimeout = "1h"

    @Option(help: "Write the merged summary (with histograms) to this JSON file.")
    var summaryJSON: String?

    @Option(help: "Write the whole run's self-contained HTML report to this file.")
    var report: String?

    @Option(help: "Keep serving /report and /summary.json this long after the verdict, then exit.")
    var linger = "0s"

    @Option(help: "Print a published baseline beside the merged run: phase2.")
    var baseline: String?

    struct Timing {
        var lead: Duration
        var ready: Duration
        var finish: Duration
        var linger: Duration
    }

    func validate() throws {
        guard segments >= 1 else { throw ValidationError("--segments must be at least 1") }
        _ = try timing()
        if let baseline {
            do { _ = try Baseline.named(baseline) } catch { throw ValidationError(error.message) }
        }
    }

    func timing() throws -> Timing {
        func parse(_ text: String, _ name: String, allowZero: Bool = false) throws -> Duration {
            guard let value = Duration(k6: text), value > .zero || (allowZero && value == .zero) else {
                throw ValidationError("--\(name) '\(text)' is not a duration")
            }
            return value
        }
        return Timing(
            lead: try parse(lead, "lead", allowZero: true), ready: try parse(readyTimeout, "ready-timeout"),
            finish: try parse(finishTimeout, "finish-timeout"), linger: try parse(linger, "linger", allowZero: true))
    }

    func run() async throws {
        let timing = try timing()
        let coordinator = RunCoordinator(segments: segments, lead: timing.lead)
        let artifacts = CoordinatorArtifacts()
        var logger = Logger(label: "connect-load.coordinate")
        logger.logLevel = .warning
        let app = Application(
            router: CoordinatorRoutes(coordinator: coordinator, artifacts: artifacts).router(),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                print("coordinator: listening on \(host):\(channel.localAddress?.port ?? port) for \(segments) segments")
            },
            logger: logger)
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))

        let exitCode = try await withThrowingTaskGroup(of: Int32?.self) { group in
            group.addTask {
                try await services.run()
                return nil
            }
            group.addTask {
                let code = await judge(coordinator, artifacts: artifacts, timing: timing)
                if timing.linger > .zero {
                    print("coordinator: serving /report and /summary.json for \(timing.linger)")
                    try? await Task.sleep(for: timing.linger)
                }
                await services.triggerGracefulShutdown()
                return code
            }
            var code: Int32 = 1
            for try await result in group { if let result { code = result } }
            return code
        }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }

    /// Waits for the run under the two timeouts, then prints and writes its outcome; returns the exit code.
    private func judge(_ coordinator: RunCoordinator, artifacts: CoordinatorArtifacts, timing: Timing) async -> Int32 {
        await withTaskGroup(of: Void.self) { timer in
            timer.addTask {
                let readyBy = ContinuousClock.now + timing.ready
                while !(await coordinator.started) {
                    guard ContinuousClock.now < readyBy else { return await coordinator.giveUp(phase: "registration") }
                    try? await Task.sleep(for: .milliseconds(100))
                    if Task.isCancelled { return }
                }
                try? await Task.sleep(for: timing.finish)
                if !Task.isCancelled { await coordinator.giveUp(phase: "summaries") }
            }
            let outcome = await coordinator.outcome()
            timer.cancelAll()
            return await report(outcome, artifacts: artifacts)
        }
    }

    private func report(_ outcome: RunCoordinator.Outcome, artifacts: CoordinatorArtifacts) async -> Int32 {
        switch outcome {
        case .timedOut(let missing, let phase):
            Run.standardError("coordinator: gave up waiting for \(phase) of segments \(missing.map(String.init).joined(separator: ", "))")
            return 1
        case .segmentsFailed(let reasons, let parts):
            for (index, reason) in reasons.sorted(by: { $0.key < $1.key }) {
                Run.standardError("coordinator: segment \(index)/\(segments) could not run: \(reason)")
            }
            print("coordinator: \(parts.count) of \(segments) segments delivered a summary; no verdict on the whole run")
            return 107
        case .completed(let merged, let parts):
            print("coordinator: \(parts.count) segments of \(merged.scenario) delivered, \(String(format: "%.1f", merged.durationSeconds))s\n")
            print(merged.report.render())
            let comparison = baseline.flatMap { try? BaselineComparison(baseline: Baseline.named($0), summary: merged) }
            if let comparison { print(comparison.render()) }
            do {
                let json = try merged.jsonData()
                let html = HTMLReport(summary: merged, baseline: comparison).render()
                await artifacts.set(summary: json, report: html)
                if let summaryJSON {
                    try json.write(to: URL(fileURLWithPath: summaryJSON), options: .atomic)
                    print("summary: \(summaryJSON)")
                }
                if let report {
                    try Data(html.utf8).write(to: URL(fileURLWithPath: report), options: .atomic)
                    print("report: \(report)")
                }
            } catch {
                Run.standardError("coordinator: writing the results failed: \(error)")
                return 1
            }
            print(merged.passed ? "coordinator: the whole run passed its thresholds" : "coordinator: a threshold failed on the whole run")
            return merged.passed ? 0 : 99
        }
    }
}

/// The whole run's summary and report once it is over, served by the coordinator.
actor CoordinatorArtifacts {
    private(set) var summary: Data?
    private(set) var report: String?

    func set(summary: Data, report: String) {
        self.summary = summary
        self.report = report
    }
}

/// The coordinator's HTTP interface over a ``RunCoordinator``.
struct CoordinatorRoutes: Sendable {
    let coordinator: RunCoordinator
    let artifacts: CoordinatorArtifacts
    /// Summaries carry histograms and a time series: a long run's can reach megabytes.
    static let maxSummaryBytes = 64 << 20

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("v1/segments/{index}/ready") { request, context in
            let (index, count) = try segment(request, context)
            return try await answer {
                let start = try await coordinator.register(index: index, count: count)
                let milliseconds = Int64((start.timeIntervalSince1970 * 1000).rounded())
                return #"{"startAt":"\#(StartTime(start))","startAtUnixMilliseconds":\#(milliseconds)}"#
            }
        }
        router.post("v1/segments/{index}/summary") { request, context in
            let (index, count) = try segment(request, context)
            let body = try await request.body.collect(upTo: Self.maxSummaryBytes)
            let summary: RunSummary
            do { summary = try RunSummary(jsonData: Data(body.readableBytesView)) } catch {
                return Self.json(.badRequest, #"{"error":"not a summary: \#(Self.escaped("\(error)"))"}"#)
            }
            return try await answer {
                let received = try await coordinator.deliver(index: index, count: count, summary: summary)
                return #"{"received":\#(received),"of":\#(count)}"#
            }
        }
        router.post("v1/segments/{index}/failure") { request, context in
            let (index, count) = try segment(request, context)
            let body = try await request.body.collect(upTo: 64 << 10)
            return try await answer {
                try await coordinator.fail(index: index, count: count, reason: String(buffer: body))
                return #"{"recorded":true}"#
            }
        }
        router.get("v1/status") { _, _ in
            let data = try JSONEncoder().encode(await coordinator.status())
            return Self.json(.ok, String(decoding: data, as: UTF8.self))
        }
        router.get("summary.json") { _, _ in
            guard let summary = await artifacts.summary else { return Self.json(.notFound, #"{"error":"the run is not over"}"#) }
            return Self.json(.ok, String(decoding: summary, as: UTF8.self))
        }
        router.get("report") { _, _ in
            guard let report = await artifacts.report else { return Self.json(.notFound, #"{"error":"the run is not over"}"#) }
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: report)))
        }
        return router
    }

    private func segment(_ request: Request, _ context: BasicRequestContext) throws -> (Int, Int) {
        guard let index = context.parameters.get("index", as: Int.self),
            let count = request.uri.queryParameters.get("of", as: Int.self)
        else { throw HTTPError(.badRequest, message: "expected /v1/segments/I/…?of=N") }
        return (index, count)
    }

    private func answer(_ body: () async throws -> String) async throws -> Response {
        do {
            return Self.json(.ok, try await body())
        } catch let refusal as RunCoordinator.Refusal {
            return Self.json(HTTPResponse.Status(code: refusal.status), #"{"error":"\#(Self.escaped(refusal.message))"}"#)
        }
    }

    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func escaped(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
