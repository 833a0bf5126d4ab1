import ArgumentParser
import Foundation
import LoadHarness
import NIOCore
import NIOHTTP1
import NIOPosix

/// `connect-load bench`: sends one request (a GET by default) to one URL on keep-alive
/// connections, as fast as they go or at a fixed rate, and prints k6's summary; exit code 99
/// when a threshold fails.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Send one request (GET by default) to one URL on keep-alive connections and print a k6-style summary.",
        discussion: """
            Without --rate: constant-vus, one VU per connection, each sending its next request as
            soon as the last one is answered (like wrk). With --rate: constant-arrival-rate, R
            requests per second on --connections pre-allocated VUs; requests that find no free
            VU are counted in dropped_iterations, and http_req_duration is measured from each
            request's scheduled start (http_req_duration_uncorrected: from its actual send).
            Thresholds are k6 expressions on http_req_duration, or 'METRIC EXPRESSION', e.g.
              --threshold 'p(95)<5' --threshold 'http_req_failed rate<0.01'
            Another request: -X POST -H 'Content-Type: application/json' --body '{"q":1}'
            (or --body-file FILE); failed = status outside 200–399, as in k6.
            """)

    @Argument(help: "The URL (http:// or https://).")
    var url: String

    @OptionGroup var tls: TLSArguments

    @Option(name: [.customShort("X"), .long], help: "The request method.")
    var method = "GET"

    @Option(name: [.customShort("H"), .customLong("header")], parsing: .singleValue, help: "'Name: value'; repeatable.")
    var headers: [String] = []

    @Option(help: "The request body.")
    var body: String?

    @Option(help: "Read the request body from this file.")
    var bodyFile: String?

    @Flag(help: "Print every request and response (headers) to standard error.")
    var httpDebug = false

    @Flag(help: "Like --http-debug, with bodies.")
    var httpDebugFull = false

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
        _ = try request(path: "/")
    }

    /// The request every VU sends, from -X, -H, --body and --body-file.
    func request(path: String) throws -> HTTPRequest {
        guard !method.isEmpty, method.allSatisfy({ $0.isLetter && $0.isUppercase }) else {
            throw ValidationError("-X '\(method)' is not a method (GET, POST, PATCH, …)")
        }
        var fields = HTTPHeaders()
        for header in headers {
            guard let colon = header.firstIndex(of: ":"), colon != header.startIndex else {
                throw ValidationError("-H '\(header)' is not 'Name: value'")
            }
            let name = header[..<colon].trimmingCharacters(in: .whitespaces)
            guard !name.contains(where: { $0.isWhitespace || $0 == "\r" || $0 == "\n" }) else { throw ValidationError("-H '\(header)': bad name") }
            let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !value.contains(where: { $0 == "\r" || $0 == "\n" }) else { throw ValidationError("-H '\(header)': a value has no line breaks") }
            fields.add(name: name, value: value)
        }
        guard body == nil || bodyFile == nil else { throw ValidationError("give --body or --body-file, not both") }
        var payload: ByteBuffer?
        if let body { payload = ByteBuffer(string: body) }
        if let bodyFile {
            guard let data = FileManager.default.contents(atPath: bodyFile) else { throw ValidationError("--body-file \(bodyFile): cannot read it") }
            payload = ByteBuffer(bytes: data)
        }
        return HTTPRequest(method: HTTPMethod(rawValue: method), path: path, headers: fields, body: payload)
    }

    func run() async throws {
        if httpDebug || httpDebugFull { HTTPDebug.set(httpDebugFull ? .full : .headers) }
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
            return try LoadClient(baseURL: url, eventLoopGroup: group, requestTimeout: timeout, tls: tls.applied())
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
        print("bench: \(method) \(url), \(connections) connections on \(loops) event loop(s), \(duration), \(mode)\n")

        let registry = MetricsRegistry()
        let request = try request(path: client.basePath)
        let start = ContinuousClock.now
        await executor.run(client: client, registry: registry) { vu in
            _ = await vu.request(request)
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
