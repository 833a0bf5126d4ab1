import Synchronization

/// Fixed-window counters in this process's memory: the per-instance limit ``RateLimiter`` falls
/// back to while the cache instance is unreachable. With N instances a client can get up to N
/// times the limit during an outage, never an unlimited number of calls.
final class LocalRateLimiter: Sendable {
    private struct Window {
        var started: ContinuousClock.Instant
        var count: Int
    }

    private let limit: Int
    private let window: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    /// Subjects seen in the current windows; expired ones are dropped when it grows.
    private let windows = Mutex<[String: Window]>([:])
    /// Past this many subjects, expired windows are swept before a new one is added.
    private static let sweepThreshold = 4_096

    init(limit: Int, window: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.limit = limit
        self.window = window
        self.now = now
    }

    /// Counts one call by `subject` and decides.
    func check(_ subject: String) -> RateLimiter.Decision {
        let now = now()
        let (count, started) = windows.withLock { windows -> (Int, ContinuousClock.Instant) in
            if var current = windows[subject], now - current.started < window {
                current.count += 1
                windows[subject] = current
                return (current.count, current.started)
            }
            if windows.count >= Self.sweepThreshold {
                windows = windows.filter { now - $0.value.started < window }
            }
            windows[subject] = Window(started: now, count: 1)
            return (1, now)
        }
        let left = window - (now - started)
        let retryAfter = max(1, (left.wholeMilliseconds + 999) / 1000)
        return RateLimiter.Decision(
            allowed: count <= limit, limit: limit, remaining: max(0, limit - count), retryAfterSeconds: retryAfter, scope: .instance)
    }
}
