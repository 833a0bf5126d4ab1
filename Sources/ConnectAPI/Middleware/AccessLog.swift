import Logging

/// The access log: one `info` line per request, after its response: `method`, `route` (the
/// registered path, so ids do not spread over lines), `status`, `duration_ms`, `bytes` (the
/// response body, when its length is known), with `request_id` and `user_id` from the request's
/// ``RequestLogContext``. The health probes are answered on the event loop before the router and
/// are not logged.
enum AccessLog {
    /// Writes the line for one request to `logger`, unless it logs only above `info`.
    static func write(
        to logger: Logger, method: String, route: String, status: Int, since started: ContinuousClock.Instant, bytes: Int?
    ) {
        guard logger.logLevel <= .info else { return }
        let (seconds, attoseconds) = (ContinuousClock.now - started).components
        var metadata: Logger.Metadata = [
            "method": .string(method),
            "route": .string(route),
            "status": .stringConvertible(status),
            "duration_ms": .stringConvertible((Double(seconds) * 1000 + Double(attoseconds) / 1e15).rounded(toPlaces: 3)),
        ]
        if let bytes { metadata["bytes"] = .stringConvertible(bytes) }
        logger.info("request", metadata: metadata)
    }
}

extension Double {
    /// The value rounded to `places` decimals, for log fields.
    fileprivate func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
