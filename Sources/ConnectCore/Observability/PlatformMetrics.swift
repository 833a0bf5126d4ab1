import Metrics

/// The platform's own metrics, recorded through swift-metrics (Prometheus in `connect serve`,
/// no-ops where nothing is bootstrapped, as in most tests).
public enum PlatformMetrics {
    /// A read of one of the caches.
    public static func cache(_ name: String, hit: Bool) {
        Counter(label: "connect_cache_requests_total", dimensions: [("cache", name), ("result", hit ? "hit" : "miss")]).increment()
    }

    /// One AI answer by provider and outcome (`success`, `fallback`, `shared`, `cached`, `rate_limited`…).
    public static func aiCall(provider: String, outcome: String, count: Int = 1) {
        guard count > 0 else { return }
        Counter(label: "connect_ai_calls_total", dimensions: [("provider", provider), ("outcome", outcome)]).increment(by: count)
    }

    /// One finished job attempt (`succeeded`, `failed`, `dead`).
    public static func job(outcome: String) {
        Counter(label: "connect_jobs_total", dimensions: [("outcome", outcome)]).increment()
    }

    /// `ai_usage` rows given up (queue over capacity while PostgreSQL was away, or refused).
    public static func usageRowsDropped(_ count: Int) {
        Counter(label: "connect_ai_usage_rows_dropped_total").increment(by: count)
    }

    /// The current value of a gauge, e.g. pool occupancy.
    public static func gauge(_ label: String, _ value: Int, dimensions: [(String, String)] = []) {
        Gauge(label: label, dimensions: dimensions).record(value)
    }
}
