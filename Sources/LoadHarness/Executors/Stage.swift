/// One stage of a ramping executor: move linearly to `target` over `duration`.
public struct Stage: Sendable, Equatable {
    /// How long the stage lasts.
    public var duration: Duration
    /// The VU count (or rate) reached at its end.
    public var target: Int

    /// - Parameters:
    ///   - duration: how long the stage lasts.
    ///   - target: the value reached at its end.
    public init(duration: Duration, target: Int) {
        self.duration = duration
        self.target = target
    }
}

extension [Stage] {
    /// The sum of the stages' durations.
    public var totalDuration: Duration { reduce(.zero) { $0 + $1.duration } }

    /// The value `elapsed` into the stages, starting from `start`, interpolated as k6 does: a
    /// step is taken when the line reaches it, so the value rounds towards the stage's start value
    /// (down while ramping up, up while ramping down). After the last stage, its target.
    public func value(at elapsed: Duration, start: Int) -> Int {
        var from = start
        var stageStart = Duration.zero
        for stage in self {
            let stageEnd = stageStart + stage.duration
            if elapsed < stageEnd {
                let progress = stage.duration > .zero ? (elapsed - stageStart) / stage.duration : 1
                let exact = Double(from) + Double(stage.target - from) * progress
                // A tiny tolerance so that exact step times are not lost to floating point.
                return stage.target >= from ? Int((exact + 1e-9).rounded(.down)) : Int((exact - 1e-9).rounded(.up))
            }
            from = stage.target
            stageStart = stageEnd
        }
        return from
    }
}
