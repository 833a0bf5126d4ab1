import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One caller's reply, ready to resume it.
struct PostgresResumption: Sendable {
    let continuation: UnsafeContinuation<LibPQResultHandle?, any Error>
    let result: Result<LibPQResultHandle?, any Error>

    func resume() { continuation.resume(with: result) }
}

/// Where the I/O thread leaves replies for the callers of one event loop: a queue and a pipe
/// that loop watches, so the loop resumes them while it handles its I/O.
///
/// Not `EventLoop.execute`: NIO runs a loop's tasks until its task queue is empty before it
/// looks at its sockets again. When tasks run on the event loops (`TASKS_ON_EVENT_LOOPS`), a
/// steady stream of completions from the I/O thread kept that queue from emptying under
/// overload, and the loop stopped reading its sockets (HTTP requests, Redis replies) for
/// hundreds of milliseconds at a time: one loop called `epoll_wait` 5 times in 4 s, with an
/// 810 ms gap. As the readiness of a pipe, replies take their turn with the loop's other I/O.
///
/// One mailbox per loop for the whole process, made the first time a reply goes to that loop.
/// Once the loop closes the pipe (the group shut down), replies are resumed directly.
final class ReplyMailbox: Sendable {
    private struct State {
        var pending: [PostgresResumption] = []
        /// The pipe's write end; `nil` once the loop's end has closed.
        var writeEnd: Int32?
    }

    private static let all = Mutex<[ObjectIdentifier: ReplyMailbox]>([:])

    private let loop: any EventLoop
    private let state: Mutex<State>

    /// Hands `resumptions` to `loop`; they are resumed there, in order, in its next I/O round.
    static func post(_ resumptions: [PostgresResumption], to loop: any EventLoop) {
        let (mailbox, isNew) = all.withLock { all -> (ReplyMailbox?, Bool) in
            if let mailbox = all[ObjectIdentifier(loop)] { return (mailbox, false) }
            guard let mailbox = ReplyMailbox(loop: loop) else { return (nil, false) }
            all[ObjectIdentifier(loop)] = mailbox
            return (mailbox, true)
        }
        guard let mailbox else {
            // No pipe (out of descriptors): a task on the loop still gets there.
            loop.execute { for resumption in resumptions { resumption.resume() } }
            return
        }
        mailbox.post(resumptions)
        if isNew { mailbox.open() }
    }

    private init?(loop: any EventLoop) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { return nil }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        self.loop = loop
        self.state = Mutex(State(writeEnd: descriptors[1]))
        self.readEnd = descriptors[0]
    }

    private let readEnd: Int32

    /// Registers the read end with the loop; a byte written before then is read once it is.
    private func open() {
        guard let bootstrap = NIOPipeBootstrap(validatingGroup: loop) else {
            // Not one of NIO's POSIX loops: no pipe to watch.
            close(readEnd)
            loop.execute { [self] in closed() }
            return
        }
        bootstrap
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Reader(mailbox: self)) }
            }
            .takingOwnershipOfDescriptor(input: readEnd)
            .whenFailure { [self] _ in closed() }
    }

    private func post(_ resumptions: [PostgresResumption]) {
        let delivered = state.withLock { state -> Bool in
            guard let writeEnd = state.writeEnd else { return false }
            let wasEmpty = state.pending.isEmpty
            state.pending.append(contentsOf: resumptions)
            // One byte per batch the loop has not taken yet; written under the lock, so never
            // to a descriptor closed meanwhile.
            if wasEmpty {
                var byte: UInt8 = 1
                _ = write(writeEnd, &byte, 1)
            }
            return true
        }
        if !delivered { for resumption in resumptions { resumption.resume() } }
    }

    /// The loop read the pipe: resume everything left so far (a reply posted after this is
    /// announced by a new byte).
    fileprivate func deliver() {
        let pending = state.withLock { state -> [PostgresResumption] in
            defer { state.pending.removeAll(keepingCapacity: true) }
            return state.pending
        }
        for resumption in pending { resumption.resume() }
    }

    /// The loop's end closed: later replies are resumed directly, and the loop's next reply
    /// (if it ever runs again) gets a new mailbox.
    fileprivate func closed() {
        let pending = state.withLock { state -> [PostgresResumption] in
            if let writeEnd = state.writeEnd { close(writeEnd) }
            state.writeEnd = nil
            defer { state.pending.removeAll() }
            return state.pending
        }
        Self.all.withLock { all in
            if all[ObjectIdentifier(loop)] === self { all[ObjectIdentifier(loop)] = nil }
        }
        for resumption in pending { resumption.resume() }
    }

    /// Reads the pipe on the loop and resumes what the mailbox holds.
    private final class Reader: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        let mailbox: ReplyMailbox

        init(mailbox: ReplyMailbox) { self.mailbox = mailbox }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            mailbox.deliver()
        }

        func channelInactive(context: ChannelHandlerContext) {
            mailbox.closed()
            context.fireChannelInactive()
        }
    }
}
