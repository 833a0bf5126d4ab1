import ConnectCore
import Synchronization
import Testing

@Suite struct SingleFlightTests {
    @Test func concurrentCallersShareOneRun() async throws {
        let flight = SingleFlight<String, Int>()
        let runs = Counter()
        let gate = AsyncGate()
        let results = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            group.addTask {
                let outcome = try await flight.run(key: "k") {
                    runs.increment()
                    await gate.wait()
                    return 42
                }
                return (outcome.value, outcome.shared)
            }
            // Wait until the leader is in flight, then add 49 followers.
            while flight.inFlight == 0 { await Task.yield() }
            for _ in 0..<49 {
                group.addTask {
                    let outcome = try await flight.run(key: "k") {
                        runs.increment()
                        return -1
                    }
                    return (outcome.value, outcome.shared)
                }
            }
            // Every follower has joined the flight before the leader may finish.
            while flight.waiters(for: "k") < 49 { await Task.yield() }
            await gate.open()
            return try await group.reduce(into: [(Int, Bool)]()) { $0.append($1) }
        }
        #expect(runs.value == 1)
        #expect(results.allSatisfy { $0.0 == 42 })
        #expect(results.filter { !$0.1 }.count == 1)
        #expect(flight.inFlight == 0)
    }

    struct Failure: Error {}

    @Test func errorsReachEveryWaiterAndTheNextCallRunsAgain() async throws {
        let flight = SingleFlight<Int, Int>()
        await #expect(throws: Failure.self) {
            _ = try await flight.run(key: 1) { () async throws -> Int in throw Failure() }
        }
        let again = try await flight.run(key: 1) { 7 }
        #expect(again.value == 7 && !again.shared)
    }
}

/// A thread-safe counter.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// A one-shot gate: `wait` suspends until `open` is called.
actor AsyncGate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }
}
