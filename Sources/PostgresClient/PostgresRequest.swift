import CLibPQ
import NIOCore
import NIOPosix

/// One statement (or script) sent on a ``LibPQConnection`` and waiting for its results.
///
/// Every mutable field is guarded by the lock of the connection the request belongs to; the
/// caller waits on ``continuation`` and is resumed exactly once, after which the request may
/// still sit in the connection's queue (abandoned) until the server's reply to it has been read.
final class PostgresRequest: @unchecked Sendable {
    enum Kind {
        /// A statement with binds, sent with the extended protocol and ended by a pipeline sync.
        case statement(PostgresQuery)
        /// `;`-separated statements without binds, sent with the simple protocol outside the
        /// pipeline (only on a lent connection with nothing else in flight).
        case script(String)
    }

    let kind: Kind
    /// When the caller stops waiting.
    let deadline: NIODeadline
    /// The event loop the caller sent from, if it runs on one: its reply is handed over there, so
    /// the resumed task goes on where its connection's I/O is (see ``PostgresCompletions``).
    let callerLoop: (any EventLoop)?

    /// The waiting caller; `nil` before it is submitted and once it has been resumed.
    var continuation: UnsafeContinuation<LibPQResultHandle?, any Error>?
    /// Set when the caller's task was cancelled before the request was submitted.
    var cancelledBeforeSubmit = false
    /// The prepared-statement name this request created, forgotten again if preparing fails.
    var preparedName: String?
    /// Results of this request read so far (the prepare's result counts).
    var resultsSeen = 0
    /// The last successful result, the statement's outcome (copied out by the caller, on its
    /// own thread, not by the I/O thread).
    var outcome: LibPQResultHandle?
    /// The first error among the request's results.
    var failure: PostgresError?

    init(kind: Kind, deadline: NIODeadline, callerLoop: (any EventLoop)? = MultiThreadedEventLoopGroup.currentEventLoop) {
        self.kind = kind
        self.deadline = deadline
        self.callerLoop = callerLoop
    }

    var sql: String {
        switch kind {
        case .statement(let query): query.sql
        case .script(let sql): sql
        }
    }

    var isScript: Bool {
        if case .script = kind { return true }
        return false
    }

    /// The caller's result: the first error, else the last result.
    var result: Result<LibPQResultHandle?, any Error> {
        if let failure { return .failure(failure) }
        return .success(outcome)
    }

    /// Takes the caller's continuation so it can be resumed once, outside the lock.
    func takeContinuation() -> UnsafeContinuation<LibPQResultHandle?, any Error>? {
        defer { continuation = nil }
        return continuation
    }
}

/// Continuations to resume once a connection's lock is released, so no caller code ever runs
/// (or is scheduled) while the lock is held.
///
/// A caller that sent from an event loop is resumed on that loop, all of one loop's callers in one
/// batch through the loop's ``ReplyMailbox``: when tasks run on the event loops
/// (`TASKS_ON_EVENT_LOOPS`) the resumed task is then queued on the loop it came from (its HTTP
/// connection's), where a resume from the I/O thread would land on any loop and hop again to write
/// its response. Callers on other threads (Swift's own pool, a test) are resumed directly.
struct PostgresCompletions {
    private var direct: [PostgresResumption] = []
    private var onLoops: [(loop: any EventLoop, resumptions: [PostgresResumption])] = []

    mutating func add(_ request: PostgresRequest, _ result: Result<LibPQResultHandle?, any Error>) {
        guard let continuation = request.takeContinuation() else { return }
        let resumption = PostgresResumption(continuation: continuation, result: result)
        guard let loop = request.callerLoop, !loop.inEventLoop else {
            direct.append(resumption)
            return
        }
        if let index = onLoops.firstIndex(where: { $0.loop === loop }) {
            onLoops[index].resumptions.append(resumption)
        } else {
            onLoops.append((loop, [resumption]))
        }
    }

    func resume() {
        for resumption in direct { resumption.resume() }
        for (loop, resumptions) in onLoops { ReplyMailbox.post(resumptions, to: loop) }
    }
}

/// A `PGresult` handed from the I/O thread to the caller that asked for it; freed with the handle.
final class LibPQResultHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    deinit { PQclear(pointer) }
}
