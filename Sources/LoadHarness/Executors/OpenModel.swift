import NIOCore
import Synchronization

extension Executor {
    /// Runs an open model: the `n`th iteration (from 0) is due `startOffset(n)` after the start
    /// (nil: no more), on a free VU. With every VU busy another is connected, up to `maxVUs`
    /// (k6 initialises those mid-test too); past that the iteration is not started and is counted
    /// in `dropped_iterations`. Each iteration is measured from its scheduled start.
    func runOpenModel(
        preAllocatedVUs: Int, maxVUs: Int, client: LoadClient, registry: MetricsRegistry, body: @escaping IterationBody,
        startOffset: (Int) -> Duration?
    ) async {
        let gauge = registry.makeVUGauge()
        var contexts = makeVUs(preAllocatedVUs, client: client, registry: registry, gauge: gauge)
        let free = FreeVUs(Array(contexts.indices.reversed()))
        var queues: [AsyncStream<ContinuousClock.Instant>.Continuation] = []
        // The scheduler runs on one of the harness's event loops and sleeps on its timer: a wake-up
        // and the hand-over to a VU on the same loop cost no thread hop (on Swift's own pool each
        // start cost a Dispatch timer, a worker thread's wake-up and a hop to the VU's loop).
        let clock = EventLoopClock(client.eventLoopGroup.next())

        await withTaskExecutorPreference(clock.executor) {
            await withTaskGroup(of: Void.self) { group in
                /// Starts the task of VU `index`, which runs the iterations its queue hands it.
                func startTask(of index: Int) {
                    let vu = contexts[index]
                    let (stream, continuation) = AsyncStream.makeStream(of: ContinuousClock.Instant.self)
                    queues.append(continuation)
                    group.addTask(executorPreference: vu.executor) {
                        for await scheduledStart in stream {
                            await vu.runIteration(scheduledStart: scheduledStart, body)
                            free.release(index)
                        }
                    }
                }
                for index in contexts.indices { startTask(of: index) }
                gauge.set(vus: contexts.count)

                // Wakes at each start time and starts every iteration that is due, so a late wake-up
                // starts the missed ones at once (still measured from their own scheduled starts).
                let start = ContinuousClock.now
                var next = 0
                var due = startOffset(0).map { start + $0 }
                while let dueTime = due, !Task.isCancelled {
                    if dueTime > .now {
                        do { try await clock.sleep(until: dueTime) } catch { break }
                    }
                    let now = ContinuousClock.now
                    var dropped = 0
                    while let scheduled = due, scheduled <= now {
                        if let index = free.take() {
                            queues[index].yield(scheduled)
                        } else if contexts.count < maxVUs {
                            contexts.append(makeVU(id: contexts.count + 1, client: client, registry: registry))
                            startTask(of: contexts.count - 1)
                            queues[contexts.count - 1].yield(scheduled)
                            gauge.set(vus: contexts.count)
                            gauge.set(vusMax: contexts.count)
                        } else {
                            dropped += 1
                        }
                        next += 1
                        due = startOffset(next).map { start + $0 }
                    }
                    if dropped > 0 { registry.shared.add(counter: BuiltinMetric.droppedIterations, Double(dropped)) }
                }
                for queue in queues { queue.finish() }
            }
        }
        gauge.set(vus: 0)
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
