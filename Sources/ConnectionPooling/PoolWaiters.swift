import NIOCore

/// Borrowers queued for a pool's connections, oldest first, each with its acquire timeout.
///
/// The queue lives inside the pool's locked state, so that finding a connection free and
/// dequeuing the borrower it goes to are one step; ``wait(id:timeout:label:timerLoop:enqueue:serve:remove:attach:)``
/// is the borrower's side. `Demand` is what a borrower asks for (`Void` when all ask the same).
public struct PoolWaiters<Grant: Sendable, Demand: Sendable>: Sendable {
    /// One queued borrower.
    public struct Waiter: Sendable {
        /// What it asked for.
        public let demand: Demand
        let continuation: CheckedContinuation<Grant, any Error>
        var timeout: Scheduled<Void>?

        /// Stops its timer and resumes the borrower with `result`.
        public func resume(with result: Result<Grant, any Error>) {
            timeout?.cancel()
            continuation.resume(with: result)
        }
    }

    private var waiters: [UInt64: Waiter] = [:]
    private var order: [UInt64] = []
    private var lastID: UInt64 = 0

    public init() {}

    /// Borrowers queued.
    public var count: Int { waiters.count }
    public var isEmpty: Bool { waiters.isEmpty }

    /// An id for a borrower about to wait, taken in the same step as its look for a connection.
    public mutating func reserveID() -> UInt64 {
        lastID &+= 1
        return lastID
    }

    /// Queues the borrower `id`.
    public mutating func enqueue(_ id: UInt64, _ continuation: CheckedContinuation<Grant, any Error>, demand: Demand) {
        waiters[id] = Waiter(demand: demand, continuation: continuation, timeout: nil)
        order.append(id)
    }

    /// Gives a queued borrower its timer; `false` when it has left the queue meanwhile.
    public mutating func attach(_ timeout: Scheduled<Void>, to id: UInt64) -> Bool {
        guard waiters[id] != nil else { return false }
        waiters[id]?.timeout = timeout
        return true
    }

    /// Takes a borrower out of the queue (its timeout, its cancellation); `nil` when already served.
    public mutating func remove(_ id: UInt64) -> Waiter? {
        waiters.removeValue(forKey: id)
    }

    /// Takes out the oldest borrower still queued.
    public mutating func popOldest() -> Waiter? {
        while !order.isEmpty {
            if let waiter = waiters.removeValue(forKey: order.removeFirst()) { return waiter }
        }
        return nil
    }

    /// Empties the queue (the pool shuts down), oldest first.
    public mutating func removeAll() -> [Waiter] {
        var all: [Waiter] = []
        while let waiter = popOldest() { all.append(waiter) }
        return all
    }

    /// Suspends borrower `id` (from ``reserveID()``) in a pool's queue until it is handed a grant,
    /// its acquire timeout passes (``ConnectionPoolError/acquireTimeout(pool:waited:)``) or its
    /// task is cancelled. Each closure runs its step under the pool's lock:
    /// - Parameters:
    ///   - enqueue: queues the continuation (``enqueue(_:_:demand:)``); `false` when the pool has shut down;
    ///   - serve: hands out whatever came free between the caller's first look and its enqueue;
    ///   - remove: takes waiter `id` out of the queue if it is still there;
    ///   - attach: ``attach(_:to:)``.
    public static func wait(
        id: UInt64, timeout: Duration, label: String, timerLoop: any EventLoop,
        enqueue: (CheckedContinuation<Grant, any Error>) -> Bool,
        serve: () -> Void,
        remove: @escaping @Sendable (UInt64) -> Waiter?,
        attach: (Scheduled<Void>, UInt64) -> Bool
    ) async throws -> Grant {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Grant, any Error>) in
                guard enqueue(continuation) else {
                    continuation.resume(throwing: ConnectionPoolError.shutdown(pool: label))
                    return
                }
                serve()
                let scheduled = timerLoop.scheduleTask(in: TimeAmount(timeout)) {
                    if let waiter = remove(id) {
                        waiter.continuation.resume(throwing: ConnectionPoolError.acquireTimeout(pool: label, waited: timeout))
                    }
                }
                if !attach(scheduled, id) { scheduled.cancel() }
            }
        } onCancel: {
            remove(id)?.resume(with: .failure(CancellationError()))
        }
    }
}
