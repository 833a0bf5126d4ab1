import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import PostgresClient

/// Replies go back to the event loop their caller sent from (`TASKS_ON_EVENT_LOOPS`), in one
/// `execute` per loop; callers on no loop are resumed where the reply was read.
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
            _ = try await Self.complete(request)
            resumedOnLoop.set()
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(!resumedOnLoop.isSet, "resumed while its loop was busy: not handed to the loop")
        released.set()
        try await waiter.value
        #expect(resumedOnLoop.isSet)
        try await group.shutdownGracefully()
    }

    @Test func aCallerOnNoLoopIsResumedDirectly() async throws {
        let request = PostgresRequest(kind: .script("SELECT 1"), deadline: .distantFuture, callerLoop: nil)
        #expect(try await Self.complete(request) == nil)
    }

    /// Waits on `request` as a caller does while the I/O thread's part completes it (no rows).
    private static func complete(_ request: PostgresRequest) async throws -> LibPQResultHandle? {
        try await withUnsafeThrowingContinuation { continuation in
            request.continuation = continuation
            var completions = PostgresCompletions()
            completions.add(request, .success(nil))
            completions.resume()
        }
    }
}

/// A flag set once, read from any thread.
private final class Flag: Sendable {
    private let value = Atomic(false)
    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
    func set() { value.store(true, ordering: .sequentiallyConsistent) }
}
