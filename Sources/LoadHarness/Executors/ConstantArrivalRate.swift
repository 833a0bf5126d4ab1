import Synchronization

/// k6's `constant-arrival-rate`: iterations start at a fixed rate whatever the server does (an
/// open model), each on a free pre-allocated VU; an iteration that finds none is not started and
/// is counted in `dropped_iterations`. Latency is measured from each iteration's scheduled start.
public struct ConstantArrivalRate: Executor {
    /// Iterations started per ``timeUnit``.
    public var rate: Int
    /// The period ``rate`` is counted over.
    public var timeUnit: Duration
    /// How long iterations are started.
    public var duration: Duration
    /// The VUs iterations run on, all connected up front.
    public var preAllocatedVUs: Int

    /// - Parameters:
    ///   - rate: iterations per `timeUnit`.
    ///   - timeUnit: the period of `rate` (one second by default).
    ///   - duration: how long iterations are started.
    ///   - preAllocatedVUs: the VUs iterations run on.
    public init(rate: Int, timeUnit: Duration = .seconds(1), duration: Duration, preAllocatedVUs: Int) {
        self.rate = rate
        self.timeUnit = timeUnit
        self.duration = duration
        self.preAllocatedVUs = preAllocatedVUs
    }

    /// The time between two scheduled starts.
    public var interval: Duration { timeUnit / max(rate, 1) }

    public func run(client: LoadClient, registry: MetricsRegistry, body: @escaping IterationBody) async {
        let contexts = makeVUs(preAllocatedVUs, client: client, registry: registry)
        registry.shared.set(gauge: BuiltinMetric.vus, Double(contexts.count))
        let free = FreeVUs(Array(contexts.indices.reversed()))
        let queues = contexts.map { _ in AsyncStream.makeStream(of: ContinuousClock.Instant.self) }
        let interval = interval
        let total = rate <= 0 ? 0 : Int((duration / interval).rounded(.down))

        await withTaskGroup(of: Void.self) { group in
            for (index, vu) in contexts.enumerated() {
                let stream = queues[index].stream
                group.addTask(executorPreference: vu.executor) {
                    for await scheduledStart in stream {
                        await vu.runIteration(scheduledStart: scheduledStart, body)
                        free.release(index)
                    }
                }
            }
            // Wakes at each start time and starts every iteration that is due, so a late wake-up
            // starts the missed ones at once (still measured from their own scheduled starts).
            let start = ContinuousClock.now
            var next = 0
            while next < total, !Task.isCancelled {
                let due = start + interval * next
                if due > .now {
                    do { try await Task.sleep(until: due, clock: .continuous) } catch { break }
                }
                let now = ContinuousClock.now
                var dropped = 0
                while next < total, start + interval * next <= now {
                    if let index = free.take() {
                        queues[index].continuation.yield(start + interval * next)
                    } else {
                        dropped += 1
                    }
                    next += 1
                }
                if dropped > 0 { registry.shared.add(counter: BuiltinMetric.droppedIterations, Double(dropped)) }
            }
            for queue in queues { queue.continuation.finish() }
        }
        registry.shared.set(gauge: BuiltinMetric.vus, 0)
        for vu in contexts { vu.connection.close() }
    }
}

/// The indices of the VUs not running an iteration; VU tasks give theirs back, the scheduler takes.
final class FreeVUs: Sendable {
    private let indices: Mutex<[Int]>

    init(_ indices: [Int]) {
        self.indices = Mutex(indices)
    }

    func take() -> Int? { indices.withLock { $0.popLast() } }

    func release(_ index: Int) { indices.withLock { $0.append(index) } }
}
