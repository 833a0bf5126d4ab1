import Foundation
import Synchronization
import LoadHarness
import Testing

/// The meeting point of a distributed run: one start time for all, every segment counted once,
/// the verdict judged on the union.
@Suite struct RunCoordinatorTests {
    /// A segment's summary: `requests` samples and an `iterations` threshold only the union can meet.
    static func summary(_ index: Int, of count: Int, requests: Int, scenario: String = "distributed") throws -> RunSummary {
        var metrics = MetricSet()
        var trend = Trend()
        var counter = LoadHarness.Counter()
        for sample in 0..<requests {
            trend.record(microseconds: UInt64(1_000 + (sample * 37 + index * 101) % 9_000))
            counter.add()
        }
        metrics.trends[MetricKey("http_req_duration")] = trend
        metrics.counters[MetricKey("iterations")] = counter
        let threshold = try Threshold(metric: "iterations", expression: "count>=\(requests * count - 1)")
        return RunSummary(
            scenario: scenario, startedAt: Date(timeIntervalSince1970: 1_796_331_600), duration: .seconds(5),
            segment: "\(index)/\(count)", metrics: metrics, thresholds: [threshold.evaluate(metrics, duration: .seconds(5))])
    }

    @Test func everySegmentGetsTheSameStartAfterTheLastRegistration() async throws {
        let clock = ManualWallClock(Date(timeIntervalSince1970: 1_000))
        let coordinator = RunCoordinator(segments: 3, lead: .seconds(2), now: { clock.now })
        let starts = try await withThrowingTaskGroup(of: Date.self) { group in
            for index in 1...2 { group.addTask { try await coordinator.register(index: index, count: 3) } }
            // The first two wait; time passes before the third arrives.
            while await coordinator.status().registered.count < 2 { await Task.yield() }
            #expect(await !coordinator.started)
            clock.advance(by: 30)
            group.addTask { try await coordinator.register(index: 3, count: 3) }
            return try await group.reduce(into: [Date]()) { $0.append($1) }
        }
        #expect(starts.count == 3)
        #expect(Set(starts) == [Date(timeIntervalSince1970: 1_032)], "last registration + lead, the same for all")
        // A retried registration (the answer was lost) gets the same start.
        #expect(try await coordinator.register(index: 2, count: 3) == Date(timeIntervalSince1970: 1_032))
    }

    @Test func refusesWhatWouldCountASegmentTwiceOrNotAtAll() async throws {
        let coordinator = RunCoordinator(segments: 2, lead: .zero)
        await #expect(throws: RunCoordinator.Refusal.self) { try await coordinator.register(index: 3, count: 2) }
        await #expect(throws: RunCoordinator.Refusal.self) { try await coordinator.register(index: 1, count: 3) }
        await #expect(throws: RunCoordinator.Refusal.self) {
            try await coordinator.deliver(index: 1, count: 2, summary: Self.summary(1, of: 2, requests: 10))
        }  // not started
        async let first = coordinator.register(index: 1, count: 2)
        _ = try await coordinator.register(index: 2, count: 2)
        _ = try await first

        await #expect(throws: RunCoordinator.Refusal.self) {
            try await coordinator.deliver(index: 1, count: 2, summary: Self.summary(2, of: 2, requests: 10))
        }  // another segment's summary
        #expect(try await coordinator.deliver(index: 1, count: 2, summary: Self.summary(1, of: 2, requests: 10)) == 1)
        let duplicate = await #expect(throws: RunCoordinator.Refusal.self) {
            try await coordinator.deliver(index: 1, count: 2, summary: Self.summary(1, of: 2, requests: 10))
        }
        #expect(duplicate?.status == 409)
        await #expect(throws: RunCoordinator.Refusal.self) {
            try await coordinator.deliver(index: 2, count: 2, summary: Self.summary(2, of: 2, requests: 10, scenario: "other"))
        }
        #expect(await coordinator.status().delivered == [1])
    }

    @Test func theVerdictIsJudgedOnTheUnion() async throws {
        let coordinator = RunCoordinator(segments: 2, lead: .zero)
        async let first = coordinator.register(index: 1, count: 2)
        _ = try await coordinator.register(index: 2, count: 2)
        _ = try await first
        let parts = try [Self.summary(1, of: 2, requests: 400), Self.summary(2, of: 2, requests: 400)]
        #expect(parts.allSatisfy { !$0.passed }, "each half alone misses the count")
        _ = try await coordinator.deliver(index: 2, count: 2, summary: parts[1])
        _ = try await coordinator.deliver(index: 1, count: 2, summary: parts[0])
        guard case .completed(let merged, let delivered) = await coordinator.outcome() else {
            Issue.record("the run did not complete")
            return
        }
        #expect(delivered.map(\.segment) == ["1/2", "2/2"])
        #expect(merged.passed)
        #expect(merged.runs == 2)
        let key = MetricKey("http_req_duration")
        #expect(merged.metrics.trends[key]?.count == 800)
        #expect(merged.metrics.trends[key]?.percentile(95) == (try RunSummary.merge(parts)).metrics.trends[key]?.percentile(95))
    }

    @Test func aFailedSegmentFailsTheRun() async throws {
        let coordinator = RunCoordinator(segments: 2, lead: .zero)
        async let first = coordinator.register(index: 1, count: 2)
        _ = try await coordinator.register(index: 2, count: 2)
        _ = try await first
        try await coordinator.fail(index: 2, count: 2, reason: "setup failed: login 401")
        _ = try await coordinator.deliver(index: 1, count: 2, summary: Self.summary(1, of: 2, requests: 5))
        guard case .segmentsFailed(let reasons, let parts) = await coordinator.outcome() else {
            Issue.record("expected a failed run")
            return
        }
        #expect(reasons == [2: "setup failed: login 401"])
        #expect(parts.count == 1)
    }

    @Test func aSegmentFailingBeforeTheStartStopsTheOthersAtTheBarrier() async throws {
        let coordinator = RunCoordinator(segments: 3, lead: .zero)
        let waiting = Task { try await coordinator.register(index: 1, count: 3) }
        while await coordinator.status().registered.isEmpty { await Task.yield() }
        try await coordinator.fail(index: 3, count: 3, reason: "setup failed: login 401")
        let refusal = await #expect(throws: RunCoordinator.Refusal.self) { try await waiting.value }
        #expect(refusal?.message.contains("segment 3/3 could not run") == true)
        guard case .segmentsFailed(let reasons, let parts) = await coordinator.outcome() else {
            Issue.record("expected a failed run")
            return
        }
        #expect(reasons == [3: "setup failed: login 401"] && parts.isEmpty)
        // The waiting segment's own report afterwards changes nothing, and no one can start.
        try await coordinator.fail(index: 1, count: 3, reason: "refused at the barrier")
        await #expect(throws: RunCoordinator.Refusal.self) { try await coordinator.register(index: 2, count: 3) }
    }

    @Test func givingUpNamesTheMissingSegmentsAndReleasesTheWaiting() async throws {
        let coordinator = RunCoordinator(segments: 3, lead: .zero)
        let waiting = Task { try await coordinator.register(index: 2, count: 3) }
        while await coordinator.status().registered.isEmpty { await Task.yield() }
        await coordinator.giveUp(phase: "registration")
        await #expect(throws: RunCoordinator.Refusal.self) { try await waiting.value }
        guard case .timedOut(let missing, let phase) = await coordinator.outcome() else {
            Issue.record("expected a timeout")
            return
        }
        #expect(missing == [1, 3] && phase == "registration")
        await #expect(throws: RunCoordinator.Refusal.self) { try await coordinator.register(index: 1, count: 3) }
    }

    @Test func startTimesAndSegmentsParse() throws {
        let expected = Date(timeIntervalSince1970: 1_796_331_600)
        #expect(StartTime(parsing: "2026-12-03T21:00:00Z")?.date == expected)
        #expect(StartTime(parsing: "2026-12-03T21:00:00.250Z")?.date == expected.addingTimeInterval(0.25))
        #expect(StartTime(parsing: "2026-12-04T06:00:00+09:00")?.date == expected)
        #expect(StartTime(parsing: "1796331600")?.date == expected)
        #expect(StartTime(parsing: "1796331600.5")?.date == expected.addingTimeInterval(0.5))
        for bad in ["", "tomorrow", "2026-12-03", "-5", "nan"] { #expect(StartTime(parsing: bad) == nil, "\(bad)") }
        #expect(StartTime(expected).description == "2026-12-03T21:00:00.000Z")

        #expect(SegmentArgument.parse("2/4", environment: [:]).map { [$0.index, $0.count] } == [2, 4])
        #expect(SegmentArgument.parse("auto/4", environment: ["JOB_COMPLETION_INDEX": "3"]).map { [$0.index, $0.count] } == [4, 4])
        for (text, environment) in [("0/4", [:]), ("5/4", [:]), ("auto/4", [:]), ("auto/4", ["JOB_COMPLETION_INDEX": "4"]), ("1/0", [:]), ("1", [:])]
        as [(String, [String: String])] {
            #expect(SegmentArgument.parse(text, environment: environment) == nil, "\(text) \(environment)")
        }
    }

    @Test func waitingForAPassedStartReturnsAtOnceWithTheLateness() async throws {
        let start = StartTime(Date(timeIntervalSince1970: 1_000))
        let late = try await start.wait(now: { Date(timeIntervalSince1970: 1_002.5) })
        #expect(late == .milliseconds(2_500))
        let before = ContinuousClock.now
        let onTime = try await StartTime(Date().addingTimeInterval(0.2)).wait()
        #expect(onTime == .zero)
        #expect(ContinuousClock.now - before >= .milliseconds(150))
    }
}

/// A wall clock the test moves by hand.
final class ManualWallClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
