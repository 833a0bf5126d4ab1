/// The executor a scenario file declares, before `--scale`, `--vus`, `--duration` and
/// `--segment` are applied; ``makeExecutor()`` builds the runnable one.
public struct ExecutorSpec: Sendable, Equatable {
    /// The k6 executor names.
    public enum Kind: String, Sendable, CaseIterable {
        case constantVUs = "constant-vus"
        case rampingVUs = "ramping-vus"
        case constantArrivalRate = "constant-arrival-rate"
        case rampingArrivalRate = "ramping-arrival-rate"
        case perVUIterations = "per-vu-iterations"
    }

    /// Which executor.
    public var kind: Kind
    /// constant-vus, per-vu-iterations: the VUs.
    public var vus = 0
    /// per-vu-iterations: iterations each VU runs.
    public var iterations = 0
    /// per-vu-iterations: the longest the run may take.
    public var maxDuration: Duration = .seconds(600)
    /// constant-vus, constant-arrival-rate: how long.
    public var duration: Duration = .zero
    /// ramping-vus: VUs at the start; ramping-arrival-rate: the start rate.
    public var start = 0
    /// Ramping executors: the targets over time.
    public var stages: [Stage] = []
    /// constant-arrival-rate: iterations per time unit.
    public var rate = 0
    /// Arrival-rate executors: the rate's period.
    public var timeUnit: Duration = .seconds(1)
    /// Arrival-rate executors: VUs connected up front.
    public var preAllocatedVUs = 0
    /// Arrival-rate executors: how many VUs there may be in all, the ones beyond
    /// ``preAllocatedVUs`` connected while the run needs them (k6's `maxVUs`); at least
    /// ``preAllocatedVUs``.
    public var maxAllocatedVUs = 0
    /// How long iterations still running at the end may take before they are stopped.
    public var gracefulStop: Duration = .seconds(30)

    /// - Parameter kind: the executor.
    public init(kind: Kind) {
        self.kind = kind
    }

    /// How long the executor starts iterations.
    public var totalDuration: Duration {
        switch kind {
        case .constantVUs, .constantArrivalRate: duration
        case .rampingVUs, .rampingArrivalRate: stages.totalDuration
        case .perVUIterations: maxDuration
        }
    }

    /// The most VUs it runs.
    public var maxVUs: Int {
        switch kind {
        case .constantVUs, .perVUIterations: vus
        case .rampingVUs: ([start] + stages.map(\.target)).max() ?? 0
        case .constantArrivalRate, .rampingArrivalRate: max(preAllocatedVUs, maxAllocatedVUs)
        }
    }

    /// Every duration of the timeline multiplied by `factor` (`--scale`); rates, VU and iteration
    /// counts unchanged (per-vu-iterations' `maxDuration` is a bound, not a timeline: unscaled). `gracefulStop` is not scaled: requests in flight at the end still need the time
    /// the server takes to answer them, however short the run.
    public func scaled(by factor: Double) -> ExecutorSpec {
        var copy = self
        copy.duration = duration * factor
        copy.stages = stages.map { Stage(duration: $0.duration * factor, target: $0.target) }
        return copy
    }

    /// `--vus`: constant-vus runs that many; ramping-vus stage targets are scaled so the peak is
    /// that many; arrival-rate executors pre-allocate that many (and may not grow past it).
    public func overriding(vus newVUs: Int) -> ExecutorSpec {
        var copy = self
        switch kind {
        case .constantVUs, .perVUIterations:
            copy.vus = newVUs
        case .rampingVUs:
            let peak = max(maxVUs, 1)
            let factor = Double(newVUs) / Double(peak)
            copy.start = Int((Double(start) * factor).rounded())
            copy.stages = stages.map { Stage(duration: $0.duration, target: Int((Double($0.target) * factor).rounded())) }
        case .constantArrivalRate, .rampingArrivalRate:
            copy.preAllocatedVUs = newVUs
            copy.maxAllocatedVUs = newVUs
        }
        return copy
    }

    /// `--duration`: constant executors run that long, per-vu-iterations at most that long; ramping stages are stretched or
    /// compressed in proportion so they end then.
    public func overriding(duration newDuration: Duration) -> ExecutorSpec {
        var copy = self
        switch kind {
        case .constantVUs, .constantArrivalRate:
            copy.duration = newDuration
        case .perVUIterations:
            copy.maxDuration = newDuration
        case .rampingVUs, .rampingArrivalRate:
            let total = totalDuration
            guard total > .zero else { return copy }
            return scaled(by: newDuration / total)
        }
        return copy
    }

    /// Segment `index` of `count` (`--segment 2/3`): that slice of the VUs and rates, so that the
    /// segments together run exactly the whole (k6's execution segments).
    public func segment(_ index: Int, of count: Int) -> ExecutorSpec {
        func slice(_ value: Int) -> Int {
            let upper = (Double(value) * Double(index) / Double(count)).rounded()
            let lower = (Double(value) * Double(index - 1) / Double(count)).rounded()
            return Int(upper - lower)
        }
        var copy = self
        copy.vus = slice(vus)
        copy.start = slice(start)
        copy.rate = slice(rate)
        copy.preAllocatedVUs = max(slice(preAllocatedVUs), preAllocatedVUs > 0 ? 1 : 0)
        copy.maxAllocatedVUs = max(slice(maxAllocatedVUs), copy.preAllocatedVUs)
        copy.stages = stages.map { Stage(duration: $0.duration, target: slice($0.target)) }
        return copy
    }

    /// The runnable executor.
    public func makeExecutor() -> any Executor {
        switch kind {
        case .constantVUs: ConstantVUs(vus: vus, duration: duration)
        case .perVUIterations: PerVUIterations(vus: vus, iterations: iterations, maxDuration: maxDuration)
        case .rampingVUs: RampingVUs(startVUs: start, stages: stages)
        case .constantArrivalRate:
            ConstantArrivalRate(
                rate: rate, timeUnit: timeUnit, duration: duration, preAllocatedVUs: preAllocatedVUs, maxVUs: maxAllocatedVUs)
        case .rampingArrivalRate:
            RampingArrivalRate(
                startRate: start, timeUnit: timeUnit, stages: stages, preAllocatedVUs: preAllocatedVUs, maxVUs: maxAllocatedVUs)
        }
    }
}
