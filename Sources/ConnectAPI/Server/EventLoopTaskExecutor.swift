import NIOCore

/// A connection's event loop as the task executor of the requests it carries.
///
/// A request's task prefers this executor: its nonisolated code runs on the connection's own
/// loop thread, so the many hops between async functions cost nothing (the runtime switches in
/// place when the current task executor is the preferred one) and its response is written to
/// the channel without crossing threads. Only real suspensions (a Redis reply, a statement, an
/// actor) enqueue the task, and then onto this loop.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
