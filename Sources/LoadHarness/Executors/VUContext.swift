import NIOHTTP1
import Synchronization

/// One virtual user as its iteration closure sees it: its id, its own keep-alive connection and
/// its own metrics sink.
public final class VUContext: Sendable {
    /// The VU's number, from 1.
    public let id: Int
    /// The VU's connection; requests through ``request(_:)`` record the built-in metrics.
    public let connection: HTTPConnection
    /// Where the VU records samples (built-in and custom metrics).
    public let metrics: MetricsSink
    /// Runs the VU's task on its connection's event loop.
    let executor: EventLoopTaskExecutor

    private struct IterationState {
        var number = 0
        var scheduledStart: ContinuousClock.Instant?
        /// A request of the current iteration was cut off by the end of the run.
        var interrupted = false
        /// The VU's cookies, kept across its iterations.
        var cookies = CookieJar()
    }
    private let state = Mutex(IterationState())

    /// - Parameters:
    ///   - id: the VU's number, from 1.
    ///   - connection: the VU's connection.
    ///   - metrics: the VU's sink.
    public init(id: Int, connection: HTTPConnection, metrics: MetricsSink) {
        self.id = id
        self.connection = connection
        self.metrics = metrics
        self.executor = EventLoopTaskExecutor(connection.eventLoop)
    }

    /// How many iterations this VU started before the current one.
    public var iteration: Int { state.withLock { $0.number } }

    /// Sends `request` on the VU's connection and records `http_reqs`, `http_req_duration`,
    /// `http_req_failed`, `data_sent` and `data_received` with the request's tags. The first
    /// request of an open-model iteration is measured from the iteration's scheduled start. A
    /// request abandoned because the run is over (the VU's task cancelled) is not recorded, and
    /// marks its iteration interrupted.
    nonisolated(nonsending) public func request(_ request: HTTPRequest) async -> HTTPResult {
        let scheduledStart = state.withLock { current in
            defer { current.scheduledStart = nil }
            return current.scheduledStart
        }
        var request = request
        if connection.keepsCookies, let cookies = state.withLock({ state in
            state.cookies.isEmpty ? nil : state.cookies.header(host: connection.host, path: request.path, secure: connection.isSecure)
        }) {
            let explicit = request.headers["Cookie"].joined(separator: "; ")
            request.headers.replaceOrAdd(name: "Cookie", value: explicit.isEmpty ? cookies : explicit + "; " + cookies)
        }
        var traceID: String?
        if connection.sendsTraceparent {
            let (header, trace) = TraceParent.make()
            request.headers.replaceOrAdd(name: "traceparent", value: header)
            traceID = trace
        }
        let result = await connection.send(request)
        if connection.keepsCookies, result.setsCookies {
            let values = result.headers["Set-Cookie"]
            state.withLock { $0.cookies.store(setCookie: values, host: connection.host, path: request.path) }
        }
        HTTPDebug.log(request, host: connection.host, port: connection.port, result: result)
        metrics.record(result, tags: request.tags, scheduledStart: scheduledStart, method: request.method.rawValue, path: request.path)
        if let traceID, result.error?.kind != .cancelled {
            metrics.noteTraced(TracedRequest(
                duration: result.duration, name: request.tags["name"] ?? "\(request.method.rawValue) \(request.path)", traceID: traceID))
        }
        if result.error?.kind == .cancelled { state.withLock { $0.interrupted = true } }
        return result
    }

    /// Leaves the current iteration out of `iterations` (it did no work: its data ran out).
    func skipIteration() {
        state.withLock { $0.interrupted = true }
    }

    /// Runs one iteration of `body`, then records `iterations` and `iteration_duration`, unless
    /// the end of the run cut one of its requests off (k6 counts it "interrupted", not complete).
    nonisolated(nonsending) func runIteration(scheduledStart: ContinuousClock.Instant?, _ body: IterationBody) async {
        state.withLock { current in
            current.scheduledStart = scheduledStart
            current.interrupted = false
        }
        let start = ContinuousClock.now
        await body(self)
        let end = ContinuousClock.now
        let interrupted = state.withLock { current in
            current.number += 1
            current.scheduledStart = nil
            return current.interrupted
        }
        if !interrupted { metrics.recordIteration(end - (scheduledStart ?? start)) }
    }
}

/// What each virtual user runs, once per iteration. It runs on the VU's event loop: await, never block.
public typealias IterationBody = nonisolated(nonsending) @Sendable (VUContext) async -> Void
