import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import PostgresClient

/// Replies go back to the event loop their caller sent from (`TASKS_ON_EVENT_LOOPS`), in one
/// batch per loop through the loop's ``ReplyMailbox``; callers on no loop are resumed where the
/// reply was read.
@Suite struct PostgresCompletionsTests {
    @Test func aCallerOnAnEventLoopIsResumedOnThatLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let request = PostgresRequest(kind: .script("SELECT 1"), deadline: .distantFuture, callerLoop: loop)
        let resumedOnLoop = Flag()
        // Hold the loop: a caller resumed through it cannot go on until the loop runs again.
        let released = Flag()
        defer { released.set() }  // never leave the loop spinning, whatever the test does
        await withCheckedContinuation { started in
            loop.execute {
                started.resume()
                while !released.isSet { usleep(1000) }
            }
        }
        let waiter = Task {
            _ = try await complete(request)
            resumedOnLoop.set()
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(!resumedOnLoop.isSet, "resumed while its loop was busy: not handed to the loop")
        released.set()
        try await waiter.value
        #expect(resumedOnLoop.isSet)
        try await group.shutdownGracefully()
    }

    /// NIO runs a loop's queued tasks until none is left before it looks at its sockets again:
    /// replies handed over as tasks (`execute`) that kept coming while the loop worked through
    /// earlier ones kept it from its I/O for as long as they came.
    @Test func aStreamOfRepliesDoesNotKeepTheLoopFromItsIO() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let worker = LoopWorker(loop: loop)
        let probe = try await PipeProbe.open(on: loop)
        let stop = Flag()
        let latency = await withTaskGroup { tasks in
            // 64 callers on the loop: each sends, is answered at once from another thread, and
            // holds the loop 1 ms with the reply: more replies than the loop can work through.
            for _ in 0..<64 { tasks.addTask { await worker.work(until: stop) } }
            // The stream stops after 3 s whatever happens: a starved loop then reads the probe late.
            tasks.addTask {
                try? await Task.sleep(for: .seconds(3))
                stop.set()
            }
            // Probe once the stream flows: a few rounds of every caller.
            while worker.replies < 256 && !stop.isSet { try? await Task.sleep(for: .milliseconds(10)) }
            // The longest of three probes: one may fall into a moment the stream paused.
            var latency = Duration.zero
            for _ in 0..<3 { latency = max(latency, await probe.timeUntilRead()) }
            stop.set()
            tasks.cancelAll()
            return latency
        }
        #expect(latency < .milliseconds(500), "the loop read its pipe up to \(latency) after a byte was written")
        #expect(worker.replies >= 256, "the stream of replies was flowing")
        try await group.shutdownGracefully()
    }

    @Test func aCallerOnNoLoopIsResumedDirectly() async throws {
        let request = PostgresRequest(kind: .script("SELECT 1"), deadline: .distantFuture, callerLoop: nil)
        #expect(try await complete(request) == nil)
    }
}

/// Waits on `request` as a caller does while the I/O thread's part completes it (no rows), here
/// or on `thread` (a caller on an event loop must be answered from off its loop).
private func complete(_ request: PostgresRequest, on thread: DispatchQueue? = nil) async throws -> LibPQResultHandle? {
    try await withUnsafeThrowingContinuation { continuation in
        request.continuation = continuation
        let answer: @Sendable () -> Void = {
            var completions = PostgresCompletions()
            completions.add(request, .success(nil))
            completions.resume()
        }
        if let thread { thread.async(execute: answer) } else { answer() }
    }
}

/// A flag set once, read from any thread.
private final class Flag: Sendable {
    private let value = Atomic(false)
    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
    func set() { value.store(true, ordering: .sequentiallyConsistent) }
}

/// Callers whose code runs on one event loop (an actor on the loop's executor), each sending a
/// request that another thread answers at once, then holding the loop a while with the reply.
private actor LoopWorker {
    let loop: any EventLoop
    private let answers = DispatchQueue(label: "answers")
    private let count = Atomic(0)

    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.executor.asUnownedSerialExecutor() }
    nonisolated var replies: Int { count.load(ordering: .relaxed) }

    init(loop: any EventLoop) { self.loop = loop }

    func work(until stop: Flag) async {
        while !stop.isSet {
            let request = PostgresRequest(kind: .script("SELECT 1"), deadline: .distantFuture, callerLoop: loop)
            _ = try? await complete(request, on: answers)
            count.add(1, ordering: .relaxed)
            // Holds the loop as work would, without taking a core from the tests beside it.
            usleep(1000)
        }
    }
}

/// A pipe the loop watches: how long after a byte is written the loop reads it.
private final class PipeProbe: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    private let writeEnd: Int32
    private let waiting = Mutex<(written: ContinuousClock.Instant, continuation: CheckedContinuation<Duration, Never>)?>(nil)

    private init(writeEnd: Int32) { self.writeEnd = writeEnd }

    deinit { close(writeEnd) }

    static func open(on loop: any EventLoop) async throws -> PipeProbe {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        let probe = PipeProbe(writeEnd: descriptors[1])
        _ = try await NIOPipeBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(probe) }
            }
            .takingOwnershipOfDescriptor(input: descriptors[0]).get()
        return probe
    }

    /// Writes one byte and waits until the loop has read it.
    func timeUntilRead() async -> Duration {
        await withCheckedContinuation { continuation in
            waiting.withLock { $0 = (ContinuousClock.now, continuation) }
            var byte: UInt8 = 1
            _ = write(writeEnd, &byte, 1)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let (written, continuation) = waiting.withLock({ state in defer { state = nil }; return state }) else { return }
        continuation.resume(returning: ContinuousClock.now - written)
    }
}
