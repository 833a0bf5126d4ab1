import Synchronization

/// k6's `constant-arrival-rate`: iterations start at a fixed rate whatever the server does (an
/// open model), each on a free pre-allocated VU (more connected while needed, up to `maxVUs`); an
/// iteration that finds none is not started and is counted in `dropped_iterations`. Latency is measured from each iteration's scheduled start.
public struct ConstantArrivalRate: Executor {
    /// Iterations started per ``timeUnit``.
    public var rate: Int
    /// The period ``rate`` is counted over.
    public var timeUnit: Duration
    /// How long iterations are started.
    public var duration: Duration
    /// The VUs iterations run on, all connected up front.
    public var preAllocatedVUs: Int
    /// How many VUs there may be: when every one is busy at a start time, another is connected,
    /// up to this many, before an iteration is dropped (k6's `maxVUs`).
    public var maxVUs: Int

    /// - Parameters:
    ///   - rate: iterations per `timeUnit`.
    ///   - timeUnit: the period of `rate` (one second by default).
    ///   - duration: how long iterations are started.
    ///   - preAllocatedVUs: the VUs iterations run on.
    ///   - maxVUs: the most VUs there may be (`preAllocatedVUs` when nil or lower).
    public init(rate: Int, timeUnit: Duration = .seconds(1), duration: Duration, preAllocatedVUs: Int, maxVUs: Int? = nil) {
        self.rate = rate
        self.timeUnit = timeUnit
        self.duration = duration
        self.preAllocatedVUs = preAllocatedVUs
        self.maxVUs = max(maxVUs ?? preAllocatedVUs, preAllocatedVUs)
    }

    /// The time between two scheduled starts.
    public var interval: Duration { timeUnit / max(rate, 1) }

    /// How many iterations the run starts.
    public var iterationCount: Int { rate <= 0 ? 0 : Int((duration / interval).rounded(.down)) }

    /// When iteration `n` (from 0) is due, after the start; `nil` past the last. The whole
    /// schedule, computed before the run: the clock only decides when it is followed.
    public func startOffset(_ n: Int) -> Duration? {
        n >= 0 && n < iterationCount ? interval * n : nil
    }

    public func run(client: LoadClient, registry: MetricsRegistry, body: @escaping IterationBody) async {
        await runOpenModel(
            preAllocatedVUs: preAllocatedVUs, maxVUs: maxVUs, client: client, registry: registry, body: body,
            startOffset: startOffset)
    }
}

