import Metrics

extension Timer {
    /// Records `duration` (swift-metrics timers take whole nanoseconds).
    public func record(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// Records the time elapsed since `start`.
    public func recordInterval(since start: ContinuousClock.Instant) {
        record(ContinuousClock.now - start)
    }
}
