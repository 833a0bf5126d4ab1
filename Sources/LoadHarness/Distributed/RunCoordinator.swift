import Foundation

/// One distributed run's meeting point (`connect-load coordinate`): segments `1…N` register and
/// wait; when the last one arrives every segment is given the same start time (`lead` later);
/// each then delivers its summary (or the reason it could not run), and ``outcome()`` is the
/// whole run: the summaries merged, thresholds judged on the union.
///
/// Every segment counts exactly once: a segment registering again (a retried request) gets the
/// same start time, a second summary for a segment is refused, and a segment that was not among
/// the registered ones cannot join a run that has started.
public actor RunCoordinator {
    /// A request the coordinator refuses; `status` is the HTTP status the coordinator answers.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var status: Int
        public var message: String
        public var description: String { message }

        init(_ status: Int, _ message: String) {
            self.status = status
            self.message = message
        }
    }

    /// How the run ended.
    public enum Outcome: Sendable {
        /// Every segment delivered its summary; `merged` is the whole run's.
        case completed(merged: RunSummary, parts: [RunSummary])
        /// At least one segment could not run (reasons by segment); the others' summaries.
        case segmentsFailed([Int: String], parts: [RunSummary])
        /// The time ran out with these segments missing (not registered, or no summary).
        case timedOut(missing: [Int], phase: String)
    }

    /// What ``status()`` reports.
    public struct Status: Sendable, Codable, Equatable {
        public var segments: Int
        public var registered: [Int]
        public var startAt: Date?
        public var delivered: [Int]
        public var failed: [Int]
        public var finished: Bool
    }

    /// How many segments make the run.
    public let segments: Int
    /// Time between the last registration and the start, so every segment has its answer first.
    public let lead: Duration
    private let now: @Sendable () -> Date

    private var registered: Set<Int> = []
    private var startAt: Date?
    private var startWaiters: [CheckedContinuation<Date, any Error>] = []
    private var summaries: [Int: RunSummary] = [:]
    private var failures: [Int: String] = [:]
    private var finished: Outcome?
    private var outcomeWaiters: [CheckedContinuation<Outcome, Never>] = []

    /// - Parameters:
    ///   - segments: N, the number of segments.
    ///   - lead: delay between the last registration and the common start.
    ///   - now: the wall clock (start times cross machines, so they are wall-clock times).
    public init(segments: Int, lead: Duration = .seconds(3), now: @escaping @Sendable () -> Date = Date.init) {
        precondition(segments >= 1)
        self.segments = segments
        self.lead = lead
        self.now = now
    }

    /// Registers segment `index` of `count` and waits until all have registered; returns the start time.
    public func register(index: Int, count: Int) async throws -> Date {
        try checkSegment(index, count)
        if let startAt {
            guard registered.contains(index) else {
                throw Refusal(409, "segment \(index)/\(count) registered after the run started at \(startAt)")
            }
            guard summaries[index] == nil, failures[index] == nil else {
                throw Refusal(409, "segment \(index)/\(count) has already finished")
            }
            return startAt
        }
        if finished != nil { throw Refusal(409, "the run is over") }
        registered.insert(index)
        if registered.count == segments {
            let start = now().addingTimeInterval(lead.inSeconds)
            startAt = start
            for waiter in startWaiters { waiter.resume(returning: start) }
            startWaiters = []
            return start
        }
        return try await withCheckedThrowingContinuation { startWaiters.append($0) }
    }

    /// Takes segment `index`'s summary; returns how many of the N have delivered.
    public func deliver(index: Int, count: Int, summary: RunSummary) throws -> Int {
        try checkSegment(index, count)
        try checkRunning(index, count)
        guard summary.segment == "\(index)/\(count)" else {
            throw Refusal(400, "the summary is of segment \(summary.segment ?? "none"), not \(index)/\(count)")
        }
        if let other = summaries.values.first, other.scenario != summary.scenario {
            throw Refusal(400, "the summary is of scenario \(summary.scenario), the run's is \(other.scenario)")
        }
        summaries[index] = summary
        finishIfComplete()
        return summaries.count
    }

    /// Records that segment `index` could not run (setup failed, a bad target). Before the start
    /// that ends the run at once: the segments waiting at the barrier are refused, so none starts
    /// a run that cannot be whole. After the run is over it changes nothing.
    public func fail(index: Int, count: Int, reason: String) throws {
        try checkSegment(index, count)
        if finished != nil { return }
        guard startAt != nil else {
            failures[index] = reason
            for waiter in startWaiters { waiter.resume(throwing: Refusal(409, "segment \(index)/\(count) could not run: \(reason)")) }
            startWaiters = []
            registered.remove(index)
            return finish(.segmentsFailed(failures, parts: []))
        }
        try checkRunning(index, count)
        failures[index] = reason
        finishIfComplete()
    }

    /// Ends the run because time ran out (`phase` says waiting for what): waiting segments are
    /// refused, and ``outcome()`` reports the missing ones. Does nothing once the run is over.
    public func giveUp(phase: String) {
        guard finished == nil else { return }
        let missing = startAt == nil
            ? (1...segments).filter { !registered.contains($0) }
            : (1...segments).filter { summaries[$0] == nil && failures[$0] == nil }
        for waiter in startWaiters { waiter.resume(throwing: Refusal(503, "the coordinator gave up waiting for segments \(missing)")) }
        startWaiters = []
        finish(.timedOut(missing: missing, phase: phase))
    }

    /// Waits until every segment has delivered (or failed), or ``giveUp(phase:)``.
    public func outcome() async -> Outcome {
        if let finished { return finished }
        return await withCheckedContinuation { outcomeWaiters.append($0) }
    }

    /// Whether the segments have all registered (the run has a start time).
    public var started: Bool { startAt != nil }

    /// Who has registered and delivered so far.
    public func status() -> Status {
        Status(
            segments: segments, registered: registered.sorted(), startAt: startAt, delivered: summaries.keys.sorted(),
            failed: failures.keys.sorted(), finished: finished != nil)
    }

    private func checkSegment(_ index: Int, _ count: Int) throws {
        guard count == segments else { throw Refusal(409, "segment \(index)/\(count): this run has \(segments) segments") }
        guard (1...segments).contains(index) else { throw Refusal(400, "segment \(index) is not in 1…\(segments)") }
    }

    private func checkRunning(_ index: Int, _ count: Int) throws {
        guard finished == nil else { throw Refusal(409, "the run is over") }
        guard startAt != nil, registered.contains(index) else {
            throw Refusal(409, "segment \(index)/\(count) has not been started by this coordinator")
        }
        guard summaries[index] == nil, failures[index] == nil else {
            throw Refusal(409, "segment \(index)/\(count) has already delivered")
        }
    }

    private func finishIfComplete() {
        guard summaries.count + failures.count == segments else { return }
        let parts = summaries.keys.sorted().compactMap { summaries[$0] }
        guard failures.isEmpty else { return finish(.segmentsFailed(failures, parts: parts)) }
        do {
            finish(.completed(merged: try RunSummary.merge(parts), parts: parts))
        } catch {
            finish(.segmentsFailed([0: "the summaries do not merge: \(error)"], parts: parts))
        }
    }

    private func finish(_ outcome: Outcome) {
        finished = outcome
        for waiter in outcomeWaiters { waiter.resume(returning: outcome) }
        outcomeWaiters = []
    }
}
