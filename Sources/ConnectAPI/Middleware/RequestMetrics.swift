import ConnectCore
import Metrics
import Synchronization

/// The request metrics: a count and a duration per route (the registered path, not the raw URI,
/// so ids do not explode the label set) and status. Liveness probes answered on the event loop
/// are not counted.
///
/// The metric handles are made once per label set and kept: asking the metrics factory for them
/// on every request (it builds the label key and takes its registry's lock) was ~4 % of the
/// router floor's CPU. Keep one per application: handles made before the metrics system is
/// bootstrapped record nothing.
final class RequestMetrics: Sendable {
    private struct CountKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct DurationKey: Hashable {
        var method: String
        var route: String
    }

    /// Label sets are bounded: registered routes (or `unmatched`) × methods × statuses.
    private let counters = Mutex<[CountKey: Counter]>([:])
    private let timers = Mutex<[DurationKey: Timer]>([:])

    init() {}

    /// Counts one answered request and records how long it took since `started`.
    func record(method: String, route: String, status: Int, since started: ContinuousClock.Instant) {
        let countKey = CountKey(method: method, route: route, status: status)
        let counter = counters.withLock { counters in
            if let counter = counters[countKey] { return counter }
            let counter = Counter(label: "connect_http_requests_total", dimensions: [
                ("method", method), ("route", route), ("status", String(status)),
            ])
            counters[countKey] = counter
            return counter
        }
        counter.increment()
        let durationKey = DurationKey(method: method, route: route)
        let timer = timers.withLock { timers in
            if let timer = timers[durationKey] { return timer }
            let timer = Timer(label: "connect_http_request_duration_seconds", dimensions: [("method", method), ("route", route)])
            timers[durationKey] = timer
            return timer
        }
        timer.recordInterval(since: started)
    }
}
