import Foundation

/// A wall-clock start time shared by the segments of a distributed run (`--start-at`, or the
/// coordinator's answer): each segment sleeps until it, so machines with synchronized clocks
/// (NTP keeps them within milliseconds) start their load together.
public struct StartTime: Sendable, Equatable, CustomStringConvertible {
    /// The moment to start.
    public var date: Date

    public init(_ date: Date) {
        self.date = date
    }

    /// Parses `--start-at`: RFC 3339 (`2026-12-03T21:00:00Z`, fractional seconds allowed) or
    /// seconds since the Unix epoch (`1796331600`, `1796331600.250`); nil for anything else.
    public init?(parsing text: String) {
        if let seconds = Double(text), seconds.isFinite, seconds > 0 {
            self.date = Date(timeIntervalSince1970: seconds)
            return
        }
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) {
                self.date = date
                return
            }
        }
        return nil
    }

    /// RFC 3339 with milliseconds, in UTC.
    public var description: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Sleeps until the start time (returns at once when it has passed); returns how late the
    /// call was when the time had already passed (zero otherwise).
    @discardableResult
    public func wait(now: () -> Date = Date.init) async throws -> Duration {
        let remaining = date.timeIntervalSince(now())
        guard remaining > 0 else { return .milliseconds(Int64(-remaining * 1000)) }
        try await Task.sleep(for: .milliseconds(Int64(remaining * 1000)))
        return .zero
    }
}
