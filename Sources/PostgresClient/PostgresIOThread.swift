import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one thread of a ``PostgresPool`` that waits on all its libpq sockets with `poll(2)`.
///
/// Callers send statements from their own threads; this thread sleeps until a socket turns
/// readable (or writable, when libpq could not flush everything at once), reads the replies
/// and resumes the callers, and enforces their deadlines. It sleeps at most 250 ms at a time,
/// so a sender only wakes it (one byte on a pipe) when its deadline is nearer than that, when
/// a connection has just opened, or when output is left to flush.
final class PostgresIOThread: Sendable {
    private let wakePipe: (read: Int32, write: Int32)
    /// Uptime nanoseconds by which the thread wakes by itself; 0 while it is looking at the
    /// connections (a sender then always wakes it, as its request may have been missed).
    private let wakesBy = Atomic<UInt64>(0)
    private let isStopping = Atomic<Bool>(false)
    private let connections: Mutex<[LibPQConnection]> = Mutex([])
    private let thread = NIOThreadPool(numberOfThreads: 1)

    /// Longest sleep between two looks at the deadlines.
    private static let tick = TimeAmount.milliseconds(250)

    init() {
        var descriptors: [Int32] = [0, 0]
        precondition(pipe(&descriptors) == 0, "pipe() failed: \(errno)")
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        wakePipe = (descriptors[0], descriptors[1])
    }

    /// Starts watching `connections` (the pool's fixed set; each may open and close any time).
    func start(watching connections: [LibPQConnection]) {
        self.connections.withLock { $0 = connections }
        thread.start()
        thread.submit { [self] state in
            guard case .active = state else { return }
            run()
        }
    }

    /// Stops the thread and waits for it to finish.
    func stop() async {
        var byte: UInt8 = 1
        isStopping.store(true, ordering: .releasing)
        _ = write(wakePipe.write, &byte, 1)
        try? await thread.shutdownGracefully()
        close(wakePipe.read)
        close(wakePipe.write)
    }

    /// Wakes the thread now (not once it is stopping: its pipe may already be closed).
    func wake() {
        guard !isStopping.load(ordering: .acquiring) else { return }
        var byte: UInt8 = 1
        _ = write(wakePipe.write, &byte, 1)
    }

    /// Wakes the thread if it would otherwise sleep past `deadline`.
    func wake(before deadline: NIODeadline) {
        if deadline.uptimeNanoseconds < wakesBy.load(ordering: .acquiring) { wake() }
    }

    // MARK: - The loop

    private func run() {
        let watchedConnections = connections.withLock { $0 }
        var descriptors: [pollfd] = []
        var watched: [LibPQConnection] = []
        descriptors.reserveCapacity(watchedConnections.count + 1)
        watched.reserveCapacity(watchedConnections.count)
        while !isStopping.load(ordering: .acquiring) {
            wakesBy.store(0, ordering: .releasing)
            let now = NIODeadline.now()
            var wakeAt = now + Self.tick
            descriptors.removeAll(keepingCapacity: true)
            watched.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0))
            for connection in watchedConnections {
                guard let interest = connection.pollInterest(now: now) else { continue }
                descriptors.append(pollfd(fd: interest.descriptor, events: interest.events, revents: 0))
                watched.append(connection)
                if let deadline = interest.deadline, deadline < wakeAt { wakeAt = deadline }
            }
            wakesBy.store(wakeAt.uptimeNanoseconds, ordering: .releasing)
            let remaining = wakeAt - now
            let milliseconds = remaining.nanoseconds <= 0 ? 0 : Int32((remaining.nanoseconds + 999_999) / 1_000_000)
            let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
            guard ready > 0 else { continue }
            if descriptors[0].revents != 0 { drainWakePipe() }
            for index in 1..<descriptors.count where descriptors[index].revents != 0 {
                watched[index - 1].handle(events: descriptors[index].revents)
            }
        }
    }

    private func drainWakePipe() {
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &buffer, { read(wakePipe.read, $0.baseAddress, $0.count) }) > 0 {}
    }
}
