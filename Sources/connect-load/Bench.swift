import ArgumentParser
import LoadHarness
import NIOCore
import NIOPosix

/// `connect-load bench`: GETs one URL on keep-alive connections, as fast as they go or at a fixed
/// rate, and prints k6's summary; exit code 99 when a threshold fails.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "GET one URL on keep-alive connections and print a k6-style summary.",
        discussion: """
            Without --rate: constant-vus, one VU per connection, each sending its next request as
            soon as the last one is answered (like wrk). With --rate: constant-arrival-rate, R
            requests per second on --connections pre-allocated VUs; requests that find no free
            VU are counted in dropped_iterations, and http_req_duration is measured from each
            request's scheduled start (http_req_duration_uncorrected: from its actual send).
            Thresholds are k6 expressions on http_req_duration, or 'METRIC EXPRESSION', e.g.
              --threshold 'p(95)<5' --threshold 'http_req_failed rate<0.01'
            """)

    @Argument(help: "The URL to GET (http:// only).")
    var url: String

    @Option(help: "Keep-alive connections (one VU each).")
    var connections = 64

    @Option(help: "How long to send, in k6 units (10s, 1m30s).", transform: Self.duration)
    var duration: Duration = .seconds(10)

    @Option(help: "Requests per second (constant-arrival-rate); as fast as possible without it.")
    var rate: Int?

    @Option(help: "Event-loop threads (default: one per core).")
    var threads: Int?

    @Option(help: "Per-request timeout, in k6 units.", transform: Self.duration)
    var timeout: Duration = .seconds(60)

    @Option(
        name: .customLong("threshold"), parsing: .singleValue, help: "A k6 threshold; repeatable.",
        transform: { text in
            do { return try Threshold(parsing: text) } catch { throw ValidationError(String(describing: error)) }
        })
    var thresholds: [Threshold] = []

    func validate() throws {
        guard connections >= 1 else { throw ValidationError("--connections must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let rate, rate < 1 { throw ValidationError("--rate must be at least 1") }
    }

    func run() async throws {
        guard let threads else {
            return try await run(client: makeClient(LoadGeneratorLoops.group))
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let outcome: Result<Void, any Error>
        do {
            try await run(client: makeClient(group))
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try? await group.shutdownGracefully()
        try outcome.get()
    }

    private func makeClient(_ group: any EventLoopGroup) throws -> LoadClient {
        do {
            return try LoadClient(baseURL: url, eventLoopGroup: group, requestTimeout: timeout)
        } catch {
            throw ValidationError(String(describing: error))
        }
    }

    private func run(client: LoadClient) async throws {
        let executor: any Executor =
            if let rate {
                ConstantArrivalRate(rate: rate, duration: duration, preAllocatedVUs: connections)
            } else {
                ConstantVUs(vus: connections, duration: duration)
            }
        let mode = rate.map { "constant-arrival-rate \($0)/s" } ?? "constant-vus"
        let loops = Array(client.eventLoopGroup.makeIterator()).count
        print("bench: GET \(url), \(connections) connections on \(loops) event loop(s), \(duration), \(mode)\n")

        let registry = MetricsRegistry()
        let path = client.basePath
        let start = ContinuousClock.now
        await executor.run(client: client, registry: registry) { vu in
            _ = await vu.request(HTTPRequest(path: path))
        }
        let elapsed = ContinuousClock.now - start
        let metrics = registry.snapshot()
        let results = thresholds.map { $0.evaluate(metrics, duration: elapsed) }
        let report = SummaryReport(metrics: metrics, duration: elapsed, thresholds: results)
        print(report.render())
        if !report.passed { throw ExitCode(99) }
    }

    private static func duration(_ text: String) throws -> Duration {
        guard let value = Duration(k6: text) else { throw ValidationError("'\(text)' is not a duration (10s, 500ms, 1m30s)") }
        return value
    }
}
