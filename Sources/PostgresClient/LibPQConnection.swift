import CLibPQ
import ConnectionPooling
import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection in non-blocking pipeline mode, shared by any number of statements.
///
/// A caller sends its statement from its own thread (`PQsendPrepare` the first time a text is
/// seen, `PQsendQueryPrepared`, `PQpipelineSync`, under this connection's lock) and suspends;
/// the pool's ``PostgresIOThread`` reads the replies when the socket turns readable and resumes
/// each caller in order with its statement's result. A statement thus costs one wake-up each
/// way, and statements from many callers are in flight on one connection at once, each ended
/// by its own sync so one's error does not touch the next.
///
/// The connection opens on first use, on a helper thread (libpq connects blocking), and is
/// opened again on the first use after it broke. The I/O thread sees a server that closed an
/// idle connection (a restart) and drops it at once. A caller whose task is cancelled is
/// resumed at once; its statement is cancelled on the server (`PQcancel`) when nothing else
/// is in flight behind it, and the connection keeps serving.
final class LibPQConnection: PipelinedConnection {
    private let configuration: PostgresConfiguration
    private let ioThread: PostgresIOThread
    private let helpers: NIOThreadPool
    /// Statements sent or waiting to be sent and not answered yet: how busy the connection is.
    let inFlight = Atomic<Int>(0)
    private let state: Mutex<State>

    /// Prepared statements kept per connection; past this, statements run unnamed.
    private static let statementCacheLimit = 512

    private struct State: ~Copyable {
        var handle: OpaquePointer?
        var isOpening = false
        var isShutdown = false
        /// Requests that arrived while the connection was opening, sent once it is open.
        var waitingForOpen: [PostgresRequest] = []
        /// Requests sent, oldest first; replies come back in this order.
        var pending = CircularBuffer<PostgresRequest>()
        var statementNames: [String: String] = [:]
        var statementCounter = 0
        /// libpq holds output it could not write yet; the I/O thread flushes it when writable.
        var needsFlush = false
        /// A `PQcancel` was sent for the request at the head.
        var isCancelling = false
    }

    init(configuration: PostgresConfiguration, ioThread: PostgresIOThread, helpers: NIOThreadPool) {
        self.configuration = configuration
        self.ioThread = ioThread
        self.helpers = helpers
        self.state = Mutex(State())
    }

    var requestsInFlight: Int { inFlight.load(ordering: .relaxed) }

    /// Whether a server connection is open (read without the lock, for choosing a connection).
    var isOpen: Bool { openFlag.load(ordering: .relaxed) }
    private let openFlag = Atomic<Bool>(false)

    /// Whether a cancel request is on its way for the statement in flight.
    var isCancelling: Bool { cancellingFlag.load(ordering: .relaxed) }
    private let cancellingFlag = Atomic<Bool>(false)

    /// Whether a transaction block is open (or failed) on this connection.
    var isInTransaction: Bool {
        state.withLock { state in
            guard let handle = state.handle else { return false }
            let status = PQtransactionStatus(handle)
            return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
        }
    }

    // MARK: - Running statements

    /// Sends a statement (or a script) and waits for its result.
    func run(_ kind: PostgresRequest.Kind, timeout: Duration?) async throws -> PostgresQueryResult {
        guard let observer = configuration.observer else { return try await send(kind, timeout: timeout) }
        let operation: String
        switch kind {
        case .statement(let query): operation = query.sql
        case .script: operation = "script"
        }
        return try await observer.instrument(operation) { try await send(kind, timeout: timeout) }
    }

    private func send(_ kind: PostgresRequest.Kind, timeout: Duration?) async throws -> PostgresQueryResult {
        let request = PostgresRequest(kind: kind, deadline: .now() + TimeAmount(timeout ?? configuration.replyTimeout))
        let result = try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                submit(request, continuation)
            }
        } onCancel: {
            cancel(request)
        }
        guard let result else { return PostgresQueryResult(columns: PostgresColumns(names: []), rows: [], affectedRows: 0) }
        return LibPQResult.copy(result.pointer)
    }

    private enum SubmitOutcome {
        case done
        case sent
        /// Waiting for a connection another caller is opening.
        case waiting
        case open
    }

    private func submit(_ request: PostgresRequest, _ continuation: UnsafeContinuation<LibPQResultHandle?, any Error>) {
        var completions = PostgresCompletions()
        let outcome = state.withLock { state -> SubmitOutcome in
            request.continuation = continuation
            if request.cancelledBeforeSubmit {
                completions.add(request, .failure(CancellationError()))
                return .done
            }
            if state.isShutdown {
                completions.add(request, .failure(Self.shutdownError(query: request.sql)))
                return .done
            }
            inFlight.add(1, ordering: .relaxed)
            // A connection libpq has marked bad is dropped before use; nothing was sent on it.
            if let handle = state.handle, PQstatus(handle) != CONNECTION_OK {
                close(&state, error: LibPQResult.connectionError(handle, query: nil), completions: &completions)
            }
            if let handle = state.handle {
                send(request, on: handle, state: &state, completions: &completions)
                return .sent
            }
            state.waitingForOpen.append(request)
            if state.isOpening { return .waiting }
            state.isOpening = true
            return .open
        }
        completions.resume()
        switch outcome {
        case .done: break
        case .sent, .waiting: ioThread.wake(before: request.deadline)
        case .open:
            ioThread.wake(before: request.deadline)
            open()
        }
    }

    /// Writes a request to libpq and queues it for its reply; on failure the connection is
    /// dropped (its protocol state is unknown) and every request on it fails.
    private func send(
        _ request: PostgresRequest, on handle: OpaquePointer, state: inout State, completions: inout PostgresCompletions
    ) {
        if let refusal = refusal(of: request, state: state) {
            inFlight.subtract(1, ordering: .relaxed)
            completions.add(request, .failure(refusal))
            return
        }
        var sent: Bool
        switch request.kind {
        case .statement(let query):
            sent = PQpipelineStatus(handle) != PQ_PIPELINE_OFF || PQenterPipelineMode(handle) == 1
            var name = state.statementNames[query.sql]
            if sent, name == nil, state.statementNames.count < Self.statementCacheLimit {
                state.statementCounter += 1
                let newName = "connect_\(state.statementCounter)"
                sent = PQsendPrepare(handle, newName, query.sql, Int32(query.binds.count), nil) == 1
                state.statementNames[query.sql] = newName
                request.preparedName = newName
                name = newName
            }
            if sent {
                sent = withCStringArray(query.binds) { values in
                    if let name {
                        PQsendQueryPrepared(handle, name, Int32(values.count), values, nil, nil, 0) == 1
                    } else {
                        PQsendQueryParams(handle, query.sql, Int32(values.count), nil, values, nil, nil, 0) == 1
                    }
                }
            }
            sent = sent && PQpipelineSync(handle) == 1
        case .script(let sql):
            sent = (PQpipelineStatus(handle) == PQ_PIPELINE_OFF || PQexitPipelineMode(handle) == 1)
                && PQsendQuery(handle, sql) == 1
        }
        state.pending.append(request)
        if sent { sent = flush(handle, state: &state) }
        if !sent {
            close(&state, error: LibPQResult.connectionError(handle, query: request.sql), completions: &completions)
        }
    }

    /// Why a request cannot be sent on this connection at all, checked before libpq sees it.
    private func refusal(of request: PostgresRequest, state: borrowing State) -> PostgresError? {
        switch request.kind {
        case .statement(let query):
            if query.binds.count > Int(UInt16.max) {
                return PostgresError(code: .server, message: "\(query.binds.count) binds; PostgreSQL takes at most 65535", query: query.sql)
            }
            if let handle = state.handle, PQpipelineStatus(handle) == PQ_PIPELINE_OFF, !state.pending.isEmpty {
                return PostgresError(code: .connection, message: "a script is still running on this connection", query: query.sql)
            }
        case .script(let sql):
            if !state.pending.isEmpty {
                return PostgresError(code: .connection, message: "statements are still in flight on this connection", query: sql)
            }
        }
        return nil
    }

    /// Pushes libpq's output buffer to the socket; what does not fit waits for the I/O thread.
    private func flush(_ handle: OpaquePointer, state: inout State) -> Bool {
        switch PQflush(handle) {
        case 0:
            state.needsFlush = false
            return true
        case 1:
            if !state.needsFlush {
                state.needsFlush = true
                ioThread.wake()
            }
            return true
        default:
            return false
        }
    }

    // MARK: - Opening and closing

    /// Opens the server connection on a helper thread, then sends what waited for it.
    private func open() {
        helpers.submit { [self] workState in
            let outcome: Result<SendablePointer, PostgresError>
            if case .active = workState {
                do throws(PostgresError) {
                    outcome = .success(SendablePointer(try Self.connect(configuration)))
                } catch {
                    outcome = .failure(error)
                }
            } else {
                outcome = .failure(Self.shutdownError(query: nil))
            }
            var completions = PostgresCompletions()
            state.withLock { state in
                state.isOpening = false
                let waiting = state.waitingForOpen
                state.waitingForOpen.removeAll()
                switch outcome {
                case .success(let opened) where !state.isShutdown:
                    state.handle = opened.pointer
                    openFlag.store(true, ordering: .relaxed)
                    for request in waiting {
                        if let handle = state.handle {
                            send(request, on: handle, state: &state, completions: &completions)
                        } else {
                            // The connection broke while sending what waited: the rest fail too.
                            inFlight.subtract(1, ordering: .relaxed)
                            completions.add(request, .failure(LibPQResult.connectionError(nil, query: request.sql)))
                        }
                    }
                case .success(let opened):
                    PQfinish(opened.pointer)
                    fail(waiting, with: Self.shutdownError(query: nil), completions: &completions)
                case .failure(let error):
                    fail(waiting, with: error, completions: &completions)
                }
            }
            completions.resume()
            ioThread.wake()
        }
    }

    private func fail(_ requests: [PostgresRequest], with error: PostgresError, completions: inout PostgresCompletions) {
        for request in requests {
            inFlight.subtract(1, ordering: .relaxed)
            var error = error
            error.query = request.sql
            completions.add(request, .failure(error))
        }
    }

    /// Drops the server connection; every request on it fails with `error` (or the connection
    /// error the server already sent for it, such as 57P01 on a restart).
    private func close(_ state: inout State, error: PostgresError, completions: inout PostgresCompletions) {
        while let request = state.pending.popFirst() {
            inFlight.subtract(1, ordering: .relaxed)
            var failure = error
            if let own = request.failure, own.code == .connection {
                failure = own
            } else {
                failure.query = request.sql
            }
            completions.add(request, .failure(failure))
        }
        if let handle = state.handle { PQfinish(handle) }
        state.handle = nil
        openFlag.store(false, ordering: .relaxed)
        state.statementNames.removeAll()
        state.needsFlush = false
        state.isCancelling = false
        cancellingFlag.store(false, ordering: .relaxed)
    }

    /// Closes the connection for good; callers waiting on it fail.
    func shutdown() {
        var completions = PostgresCompletions()
        state.withLock { state in
            state.isShutdown = true
            close(&state, error: Self.shutdownError(query: nil), completions: &completions)
        }
        completions.resume()
    }

    private static func shutdownError(query: String?) -> PostgresError {
        PostgresError(code: .connection, message: "the PostgreSQL pool has shut down", query: query)
    }

    /// Opens a connection with libpq (blocking) and makes it non-blocking.
    private static func connect(_ configuration: PostgresConfiguration) throws(PostgresError) -> OpaquePointer {
        let timeoutSeconds = max(2, Int(configuration.connectTimeout.components.seconds))
        let statementMillis = configuration.statementTimeout.components.seconds * 1000
            + configuration.statementTimeout.components.attoseconds / 1_000_000_000_000_000
        let parameters: [(String, String)] = [
            ("dbname", configuration.url),
            ("connect_timeout", String(timeoutSeconds)),
            ("application_name", configuration.applicationName),
            ("client_encoding", "UTF8"),
            ("options", "-c statement_timeout=\(statementMillis) -c TimeZone=UTC -c DateStyle=ISO,YMD"),
            ("keepalives", "1"),
            ("keepalives_idle", "30"),
        ]
        let connection = withCStringArray(parameters.map(\.0)) { keys in
            withCStringArray(parameters.map(\.1)) { values in
                // The lists end with NULL; expand_dbname = 1 lets `dbname` carry a URL.
                PQconnectdbParams(keys + [nil], values + [nil], 1)
            }
        }
        guard let connection else {
            throw PostgresError(code: .connection, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK, PQsetnonblocking(connection, 1) == 0 else {
            let error = LibPQResult.connectionError(connection, query: nil, fallback: "could not connect")
            PQfinish(connection)
            throw error
        }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        return connection
    }

    // MARK: - The I/O thread's side

    /// What the I/O thread should wait for on this connection.
    struct PollInterest {
        /// The socket, or -1 (which `poll(2)` skips) while the connection is still opening.
        var descriptor: Int32
        var events: Int16
        /// The nearest deadline of a caller still waiting.
        var deadline: NIODeadline?
    }

    /// Enforces deadlines and says what to poll for; `nil` when nothing is open or waiting.
    ///
    /// Callers waiting for the connection to open keep their deadlines too: a server that accepts
    /// and stays silent holds libpq's blocking connect for `connect_timeout`, longer than most
    /// callers wait (a readiness check's 2 s took 5 s).
    ///
    /// A statement at the head of the queue past its deadline means the server is silent or
    /// slower than the caller waits: it is cancelled on the server and the connection dropped,
    /// failing everything on it with a timeout. A caller further back that stops waiting is
    /// resumed with a timeout and its statement's reply is read and dropped when it comes.
    func pollInterest(now: NIODeadline) -> PollInterest? {
        var completions = PostgresCompletions()
        var cancelHandle: SendablePointer?
        let interest = state.withLock { state -> PollInterest? in
            guard let handle = state.handle else {
                var earliest: NIODeadline?
                state.waitingForOpen.removeAll { request in
                    guard request.deadline <= now else {
                        earliest = min(earliest ?? request.deadline, request.deadline)
                        return false
                    }
                    inFlight.subtract(1, ordering: .relaxed)
                    completions.add(request, .failure(PostgresError(
                        code: .timeout, message: "PostgreSQL did not accept the connection in time", query: request.sql)))
                    return true
                }
                return earliest.map { PollInterest(descriptor: -1, events: 0, deadline: $0) }
            }
            if let head = state.pending.first, head.deadline <= now {
                cancelHandle = PQgetCancel(handle).map(SendablePointer.init)
                close(&state, error: PostgresError(code: .timeout, message: "no reply from PostgreSQL in time"), completions: &completions)
                return nil
            }
            var earliest: NIODeadline?
            for request in state.pending where request.continuation != nil {
                if request.deadline <= now {
                    completions.add(request, .failure(PostgresError(code: .timeout, message: "no reply from PostgreSQL in time", query: request.sql)))
                } else if earliest.map({ request.deadline < $0 }) ?? true {
                    earliest = request.deadline
                }
            }
            let events = Int16(POLLIN) | (state.needsFlush ? Int16(POLLOUT) : 0)
            return PollInterest(descriptor: PQsocket(handle), events: events, deadline: earliest)
        }
        completions.resume()
        if let cancelHandle { sendCancel(cancelHandle) }
        return interest
    }

    /// Reads what the socket has, hands out every finished result, flushes pending output.
    func handle(events: Int16) {
        var completions = PostgresCompletions()
        state.withLock { state in
            guard let handle = state.handle else { return }
            if events & Int16(POLLOUT) != 0, state.needsFlush, !flush(handle, state: &state) {
                close(&state, error: LibPQResult.connectionError(handle, query: nil), completions: &completions)
                return
            }
            guard events & Int16(POLLIN | POLLHUP | POLLERR) != 0 else { return }
            guard PQconsumeInput(handle) == 1 else {
                close(&state, error: LibPQResult.connectionError(handle, query: nil), completions: &completions)
                return
            }
            readResults(handle, state: &state, completions: &completions)
            if PQstatus(handle) != CONNECTION_OK {
                close(&state, error: LibPQResult.connectionError(handle, query: nil), completions: &completions)
            } else if state.pending.isEmpty {
                // Parses anything the server sent unasked (notices, parameter changes).
                _ = PQisBusy(handle)
                while let notification = PQnotifies(handle) { PQfreemem(notification) }
            }
        }
        completions.resume()
    }

    /// Takes every result libpq can hand out without waiting and finishes the requests whose
    /// replies are complete: a statement at its pipeline sync, a script at its last result.
    private func readResults(_ handle: OpaquePointer, state: inout State, completions: inout PostgresCompletions) {
        var emptyReads = 0
        while let head = state.pending.first, PQisBusy(handle) == 0, PQstatus(handle) == CONNECTION_OK {
            guard let result = PQgetResult(handle) else {
                if head.isScript {
                    finishHead(state: &state, completions: &completions)
                    continue
                }
                // In pipeline mode one NULL ends each statement's results; two in a row mean
                // the sync has not arrived yet.
                emptyReads += 1
                if emptyReads > 1 { return }
                continue
            }
            emptyReads = 0
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC {
                PQclear(result)
                finishHead(state: &state, completions: &completions)
                continue
            }
            head.resultsSeen += 1
            let isPrepare = head.preparedName != nil && head.resultsSeen == 1
            switch status {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                // The caller copies the rows out on its own thread; the handle frees the result.
                if !isPrepare, head.continuation != nil {
                    head.outcome = LibPQResultHandle(result)
                    continue
                }
            case PGRES_PIPELINE_ABORTED:
                if head.failure == nil {
                    head.failure = PostgresError(code: .server, message: "not run: an earlier step of the statement failed", query: head.sql)
                }
            default:
                if head.failure == nil { head.failure = LibPQResult.serverError(result, query: head.sql) }
                if isPrepare, let name = head.preparedName, state.statementNames[head.sql] == name {
                    state.statementNames[head.sql] = nil
                }
            }
            PQclear(result)
        }
    }

    private func finishHead(state: inout State, completions: inout PostgresCompletions) {
        guard let head = state.pending.popFirst() else { return }
        inFlight.subtract(1, ordering: .relaxed)
        if state.isCancelling {
            state.isCancelling = false
            cancellingFlag.store(false, ordering: .relaxed)
        }
        completions.add(head, head.result)
    }

    // MARK: - Cancellation

    /// The caller's task was cancelled: resume it now; cancel its statement on the server if
    /// it is the only one in flight (otherwise the cancel could hit the statement after it).
    private func cancel(_ request: PostgresRequest) {
        var completions = PostgresCompletions()
        var cancelHandle: SendablePointer?
        state.withLock { state in
            guard request.continuation != nil else {
                request.cancelledBeforeSubmit = true
                return
            }
            if let index = state.waitingForOpen.firstIndex(where: { $0 === request }) {
                state.waitingForOpen.remove(at: index)
                inFlight.subtract(1, ordering: .relaxed)
            } else if state.pending.count == 1, state.pending.first === request, let handle = state.handle {
                cancelHandle = PQgetCancel(handle).map(SendablePointer.init)
                state.isCancelling = true
                cancellingFlag.store(true, ordering: .relaxed)
            }
            completions.add(request, .failure(CancellationError()))
        }
        completions.resume()
        if let cancelHandle { sendCancel(cancelHandle) }
    }

    /// Sends a cancel request on a helper thread (libpq opens a connection for it).
    private func sendCancel(_ cancel: SendablePointer) {
        helpers.submit { _ in
            var buffer = [CChar](repeating: 0, count: 256)
            _ = PQcancel(cancel.pointer, &buffer, Int32(buffer.count))
            PQfreeCancel(cancel.pointer)
        }
    }
}

/// A libpq object handed from one thread to another, used by one thread at a time.
private struct SendablePointer: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}

/// Calls `body` with C strings for `strings` (`nil` stays a NULL pointer), valid only inside it.
func withCStringArray<Result>(
    _ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> Result
) -> Result {
    let duplicates = strings.map { $0.flatMap { strdup($0) } }
    defer { for pointer in duplicates { free(pointer) } }
    return body(duplicates.map { $0.map { UnsafePointer($0) } })
}
