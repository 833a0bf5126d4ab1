import ConnectCore
import Testing
import TestSupport

/// The breaker's state machine, stepped with a manual clock: no sleeping.
@Suite struct CircuitBreakerTests {
    func breaker(_ clock: ManualClock, threshold: Int = 5, open: Duration = .seconds(30)) -> CircuitBreaker {
        CircuitBreaker(failureThreshold: threshold, openDuration: open, now: { clock.now })
    }

    func fail(_ breaker: CircuitBreaker, times: Int) throws {
        for _ in 0..<times {
            let permit = try #require(breaker.acquire())
            breaker.record(permit, success: false)
        }
    }

    @Test func opensAfterConsecutiveFailuresOnly() throws {
        let clock = ManualClock()
        let breaker = breaker(clock)
        try fail(breaker, times: 4)
        #expect(breaker.state == .closed && breaker.consecutiveFailures == 4)
        // A success in between starts the count again.
        breaker.record(try #require(breaker.acquire()), success: true)
        #expect(breaker.consecutiveFailures == 0)
        try fail(breaker, times: 4)
        #expect(breaker.state == .closed)
        try fail(breaker, times: 1)
        #expect(breaker.state == .open)
        #expect(breaker.acquire() == nil)
    }

    @Test func openRefusesUntilThePeriodPassesThenOneProbeCloses() throws {
        let clock = ManualClock()
        let breaker = breaker(clock)
        try fail(breaker, times: 5)
        clock.advance(by: .seconds(29))
        #expect(breaker.state == .open && breaker.acquire() == nil)
        clock.advance(by: .seconds(1))
        #expect(breaker.state == .halfOpen)
        let probe = try #require(breaker.acquire())
        #expect(probe.isProbe)
        #expect(breaker.acquire() == nil)  // only one probe at a time
        breaker.record(probe, success: true)
        #expect(breaker.state == .closed && breaker.consecutiveFailures == 0)
        #expect(breaker.acquire()?.isProbe == false)
    }

    @Test func failedProbeOpensForAnotherPeriod() throws {
        let clock = ManualClock()
        let breaker = breaker(clock)
        try fail(breaker, times: 5)
        clock.advance(by: .seconds(30))
        let probe = try #require(breaker.acquire())
        breaker.record(probe, success: false)
        #expect(breaker.state == .open)
        clock.advance(by: .seconds(29))
        #expect(breaker.acquire() == nil)
        clock.advance(by: .seconds(1))
        #expect(breaker.acquire()?.isProbe == true)
    }

    @Test func abandonedProbeFreesTheSlot() throws {
        let clock = ManualClock()
        let breaker = breaker(clock)
        try fail(breaker, times: 5)
        clock.advance(by: .seconds(30))
        let probe = try #require(breaker.acquire())
        breaker.abandon(probe)
        #expect(breaker.state == .halfOpen)
        let next = try #require(breaker.acquire())
        #expect(next.isProbe)
    }

    @Test func lateResultsFromBeforeATransitionAreIgnored() throws {
        let clock = ManualClock()
        let breaker = breaker(clock, threshold: 2)
        let slow = try #require(breaker.acquire())
        try fail(breaker, times: 2)
        #expect(breaker.state == .open)
        // The call admitted while closed succeeds late: the breaker stays open.
        breaker.record(slow, success: true)
        #expect(breaker.state == .open)
    }

    @Test func concurrentCallersWhileHalfOpenLetExactlyOneProbeThrough() async throws {
        let clock = ManualClock()
        let breaker = breaker(clock)
        try fail(breaker, times: 5)
        clock.advance(by: .seconds(31))
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 { group.addTask { breaker.acquire() != nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 1)
        #expect(breaker.state == .halfOpen)
    }
}
