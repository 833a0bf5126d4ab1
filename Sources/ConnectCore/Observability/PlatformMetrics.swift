import Metrics

/// The platform's own metrics, recorded through swift-metrics (Prometheus in `connect serve`,
/// no-ops where nothing is bootstrapped, as in most tests).
public enum PlatformMetrics {
    /// The counters of one cache's reads, hits and misses: made once by the cache (asking the
    /// factory on every read was ~1 % of a cached route's samples), after the metrics system is
    /// bootstrapped.
    public static func cacheReads(_ name: String) -> (hit: Counter, miss: Counter) {
        func reads(_ result: String) -> Counter {
            Counter(label: "connect_cache_requests_total", dimensions: [("cache", name), ("result", result)])
        }
        return (reads("hit"), reads("miss"))
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

    /// Tokens and cost of one model answer: `connect_ai_tokens_total{kind,provider,direction}`
    /// and `connect_ai_cost_krw_total{kind,provider}` (cache hits and fallbacks cost nothing).
    public static func aiUsage(kind: String, provider: String, inputTokens: Int, outputTokens: Int, costKRW: Double) {
        if inputTokens > 0 {
            Counter(label: "connect_ai_tokens_total", dimensions: [("kind", kind), ("provider", provider), ("direction", "input")])
                .increment(by: inputTokens)
        }
        if outputTokens > 0 {
            Counter(label: "connect_ai_tokens_total", dimensions: [("kind", kind), ("provider", provider), ("direction", "output")])
                .increment(by: outputTokens)
        }
        if costKRW > 0 {
            FloatingPointCounter(label: "connect_ai_cost_krw_total", dimensions: [("kind", kind), ("provider", provider)]).increment(by: costKRW)
        }
    }

    /// `connect_ai_budget_spent_krw` (the site's model spend today) and `connect_ai_budget_limit_krw`.
    public static func budget(spentKRW: Double, limitKRW: Double) {
        Gauge(label: "connect_ai_budget_spent_krw").record(spentKRW)
        Gauge(label: "connect_ai_budget_limit_krw").record(limitKRW)
    }

    /// Series that exist before their first event, at zero, so rates and alerts start from a
    /// known value and dashboards find every metric from the start: job outcomes, AI call
    /// outcomes, tokens and cost for `provider`.
    public static func declareSeries(provider: String) {
        for outcome in ["succeeded", "failed", "dead", "superseded"] {
            Counter(label: "connect_jobs_total", dimensions: [("outcome", outcome)]).increment(by: 0)
        }
        for kind in ["explanation", "chat"] {
            for direction in ["input", "output"] {
                Counter(label: "connect_ai_tokens_total", dimensions: [("kind", kind), ("provider", provider), ("direction", direction)])
                    .increment(by: 0)
            }
            FloatingPointCounter(label: "connect_ai_cost_krw_total", dimensions: [("kind", kind), ("provider", provider)]).increment(by: 0)
        }
        for outcome in ["success", "fallback", "cached"] {
            Counter(label: "connect_ai_calls_total", dimensions: [("provider", provider), ("outcome", outcome)]).increment(by: 0)
        }
        Counter(label: "connect_ai_usage_rows_dropped_total").increment(by: 0)
    }

    /// `connect_build_info{version}` = 1: which build a series came from.
    public static func buildInfo() {
        Gauge(label: "connect_build_info", dimensions: [("version", ConnectVersion.current)]).record(1)
    }

    /// `connect_ai_breaker_state{state}`: 1 for the breaker's current state (`closed`,
    /// `half_open`, `open`), 0 for the others, so an alert reads `…{state="open"} == 1`.
    public static func breaker(_ state: CircuitBreaker.State) {
        for candidate in [CircuitBreaker.State.closed, .halfOpen, .open] {
            Gauge(label: "connect_ai_breaker_state", dimensions: [("state", candidate.rawValue)]).record(candidate == state ? 1 : 0)
        }
    }

    /// Histogram buckets per duration metric (`connect serve` and `connect worker` give them to
    /// the Prometheus factory): sub-millisecond ones for what usually takes well under a
    /// millisecond, up to 10 s (30 s for model calls).
    public static let durationBuckets: [String: [Duration]] = {
        let fast: [Duration] = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        return [
            "connect_http_request_duration_seconds": fast, PoolMetrics.acquireWaits: fast, PoolMetrics.postgresStatements: fast,
            PoolMetrics.redisCommands: fast,
        ]
    }()

    /// The current value of a gauge, e.g. pool occupancy.
    public static func gauge(_ label: String, _ value: Int, dimensions: [(String, String)] = []) {
        Gauge(label: label, dimensions: dimensions).record(value)
    }
}
