import NIOCore

/// Sleeps on an event loop's timer, for a task that runs on that loop (``executor``): the wake-up
/// is the loop's own, with no Dispatch timer and no thread hop. Cancelling the task ends the sleep.
struct EventLoopClock: Sendable {
    let eventLoop: any EventLoop
    /// Runs a task on the loop.
    let executor: EventLoopTaskExecutor

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        self.executor = EventLoopTaskExecutor(eventLoop)
    }

    /// Returns at `deadline` (at once if it has passed); throws `CancellationError` when cancelled.
    func sleep(until deadline: ContinuousClock.Instant) async throws {
        let delay = ContinuousClock.now.duration(to: deadline)
        guard delay > .zero else { return }
        try Task.checkCancellation()
        let timer = eventLoop.scheduleTask(in: TimeAmount(delay)) {}
        try await withTaskCancellationHandler {
            do {
                try await timer.futureResult.get()
            } catch {
                throw CancellationError()
            }
        } onCancel: {
            timer.cancel()
        }
    }
}
