/// How a `capacity` scenario reads its result: the highest request rate the server held for a
/// whole window while the window's p95 stayed within the SLO, nothing failed beyond the allowed
/// share and no iteration was dropped.
public struct CapacitySearch: Sendable, Equatable {
    /// The latency SLO on each second's p95, in milliseconds.
    public var p95Milliseconds: Double
    /// The largest failed share allowed in a window.
    public var maxFailedRate: Double
    /// How many consecutive seconds make a window.
    public var windowSeconds: Int

    /// - Parameters:
    ///   - p95Milliseconds: the SLO on each second's p95.
    ///   - maxFailedRate: the largest failed share allowed.
    ///   - windowSeconds: the window length in seconds.
    public init(p95Milliseconds: Double, maxFailedRate: Double = 0.01, windowSeconds: Int = 5) {
        self.p95Milliseconds = p95Milliseconds
        self.maxFailedRate = maxFailedRate
        self.windowSeconds = windowSeconds
    }

    /// The result over a run's per-second points: the best window's mean requests per second
    /// (0 when no window met the SLO).
    public func highestRate(in points: [TimeSeriesPoint]) -> Double {
        guard windowSeconds > 0, points.count >= windowSeconds else { return 0 }
        var best = 0.0
        for end in windowSeconds...points.count {
            let window = points[(end - windowSeconds)..<end]
            let requests = window.reduce(0) { $0 + $1.requests }
            let failed = window.reduce(0) { $0 + $1.failed }
            let held = window.allSatisfy { $0.p95 <= p95Milliseconds && $0.droppedIterations == 0 && $0.requests > 0 }
            guard held, Double(failed) <= maxFailedRate * Double(requests) else { continue }
            let seconds = window.last!.elapsed - (end - windowSeconds > 0 ? points[end - windowSeconds - 1].elapsed : 0)
            best = max(best, Double(requests) / max(seconds, 1e-9))
        }
        return best
    }
}
