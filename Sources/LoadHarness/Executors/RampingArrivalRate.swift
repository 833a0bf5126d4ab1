/// k6's `ramping-arrival-rate`: the iteration start rate follows the stages linearly (an open
/// model), on pre-allocated VUs (more connected while needed, up to `maxVUs`); iterations that
/// find no free VU are counted in `dropped_iterations`. The `n`th iteration starts when the
/// rate's integral reaches `n + 1`.
public struct RampingArrivalRate: Executor {
    /// The rate at the start, per ``timeUnit``.
    public var startRate: Int
    /// The period rates are counted over.
    public var timeUnit: Duration
    /// The rate targets over time.
    public var stages: [Stage]
    /// The VUs iterations run on, all connected up front.
    public var preAllocatedVUs: Int
    /// How many VUs there may be: when every one is busy at a start time, another is connected,
    /// up to this many, before an iteration is dropped (k6's `maxVUs`).
    public var maxVUs: Int

    /// - Parameters:
    ///   - startRate: the rate at the start, per `timeUnit`.
    ///   - timeUnit: the period of the rates (one second by default).
    ///   - stages: the rate targets over time.
    ///   - preAllocatedVUs: the VUs iterations run on.
    ///   - maxVUs: the most VUs there may be (`preAllocatedVUs` when nil or lower).
    public init(startRate: Int = 0, timeUnit: Duration = .seconds(1), stages: [Stage], preAllocatedVUs: Int, maxVUs: Int? = nil) {
        self.startRate = startRate
        self.timeUnit = timeUnit
        self.stages = stages
        self.preAllocatedVUs = preAllocatedVUs
        self.maxVUs = max(maxVUs ?? preAllocatedVUs, preAllocatedVUs)
    }

    public var duration: Duration { stages.totalDuration }

    /// When the `n`th iteration (from 0) starts, from the executor's start; nil after the end.
    public func startOffset(of n: Int) -> Duration? {
        let unit = timeUnit.inSeconds
        guard unit > 0 else { return nil }
        var needed = Double(n + 1)
        var rate = Double(startRate) / unit
        var stageStart = 0.0
        for stage in stages {
            let length = stage.duration.inSeconds
            let endRate = Double(stage.target) / unit
            let area = (rate + endRate) / 2 * length
            if needed <= area, length > 0 {
                // needed = rate·t + (endRate − rate)·t² / (2·length), solved for t in [0, length].
                let k = (endRate - rate) / (2 * length)
                let t = abs(k) < 1e-12 ? needed / rate : (-rate + (rate * rate + 4 * k * needed).squareRoot()) / (2 * k)
                return .nanoseconds(Int64(((stageStart + min(max(t, 0), length)) * 1e9).rounded()))
            }
            needed -= area
            rate = endRate
            stageStart += length
        }
        return nil
    }

    public func run(client: LoadClient, registry: MetricsRegistry, body: @escaping IterationBody) async {
        await runOpenModel(
            preAllocatedVUs: preAllocatedVUs, maxVUs: maxVUs, client: client, registry: registry, body: body
        ) { n in
            startOffset(of: n)
        }
    }
}
