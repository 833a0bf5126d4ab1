import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Synchronization

/// What `GET /api/health` answers: the status and the encoded body of one check.
struct ReadinessAnswer: Sendable {
    var status: HTTPResponseStatus
    var body: ByteBuffer

    /// While the server stops: no more checks are run.
    static let shuttingDown = ReadinessAnswer(
        status: .serviceUnavailable, body: ByteBuffer(string: #"{"status":"degraded","error":"shutting down"}"#))
}

/// Readiness answers for the probes ``HealthProbeHandler`` takes on the event loop. A probe adds
/// a promise; the first of a round wakes this service, which runs the check (joining one already
/// in flight, see `HealthMonitor`) and fulfils every promise added meanwhile with the same bytes:
/// concurrent probes share one check and one encoded body, with no task per probe.
final class ReadinessAnswers: Service, Sendable {
    private struct State {
        var waiters: [EventLoopPromise<ReadinessAnswer>] = []
        var checking = false
        var stopped = false
    }

    private let state = Mutex(State())
    private let wakeUps: AsyncStream<Void>
    private let wakeUp: AsyncStream<Void>.Continuation
    private let check: @Sendable () async -> ReadinessAnswer
    private let logger: Logger

    /// - Parameter check: runs a check and encodes its answer.
    init(logger: Logger, check: @escaping @Sendable () async -> ReadinessAnswer) {
        (wakeUps, wakeUp) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.check = check
        self.logger = logger
    }

    /// The answer of the check in flight, or of the next one, delivered on `eventLoop`.
    func answer(on eventLoop: any EventLoop) -> EventLoopFuture<ReadinessAnswer> {
        let promise = eventLoop.makePromise(of: ReadinessAnswer.self)
        let (stopped, startsRound) = state.withLock { state -> (Bool, Bool) in
            guard !state.stopped else { return (true, false) }
            state.waiters.append(promise)
            defer { state.checking = true }
            return (false, !state.checking)
        }
        if stopped {
            promise.succeed(.shuttingDown)
        } else if startsRound {
            wakeUp.yield()
        }
        return promise.futureResult
    }

    /// Runs checks as probes ask for them, until graceful shutdown; then answers the probes still
    /// waiting with ``ReadinessAnswer/shuttingDown``.
    func run() async throws {
        await withGracefulShutdownHandler {
            for await _ in wakeUps {
                logger.debug("readiness check started")
                let answer = await check()
                let waiters = state.withLock { state in
                    defer {
                        state.waiters = []
                        state.checking = false
                    }
                    return state.waiters
                }
                for waiter in waiters { waiter.succeed(answer) }
            }
        } onGracefulShutdown: {
            self.wakeUp.finish()
        }
        let waiters = state.withLock { state in
            state.stopped = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.succeed(.shuttingDown) }
    }
}
