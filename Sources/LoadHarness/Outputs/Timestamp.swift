import Foundation

/// RFC 3339 times with microseconds in UTC (`2026-12-03T23:40:01.123456Z`), as k6's JSON output
/// writes them, formatted without a Foundation formatter per point.
struct Timestamp {
    private var second: Int = .min
    private var prefix = ""

    /// `date` as RFC 3339; the date and time of day are formatted once per second.
    mutating func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        let whole = Int(interval.rounded(.down))
        if whole != second {
            var seconds = time_t(whole)
            var parts = tm()
            gmtime_r(&seconds, &parts)
            prefix = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
            second = whole
        }
        let micros = min(999_999, Int(((interval - Double(whole)) * 1_000_000).rounded(.down)))
        let digits = String(micros)
        return prefix + "." + String(repeating: "0", count: 6 - digits.count) + digits + "Z"
    }
}
