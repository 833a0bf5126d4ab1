import Histogram

/// A distribution of durations, in an HDR histogram of microseconds (1 µs … 1 h, three
/// significant digits): bounded memory whatever the sample count, and an exact merge.
public struct Trend: Sendable {
    /// The largest value a trend tracks; longer durations are recorded as this.
    public static let highestTrackableMicroseconds: UInt64 = 3_600_000_000

    /// The histogram of recorded microseconds.
    public internal(set) var histogram: Histogram<UInt64>
    /// Exact sum, minimum and maximum, since histogram buckets round them.
    var sumMicroseconds: Double = 0
    var minMicroseconds: UInt64 = .max
    var maxMicroseconds: UInt64 = 0

    /// An empty trend.
    public init() {
        histogram = Histogram(
            lowestDiscernibleValue: 1, highestTrackableValue: Self.highestTrackableMicroseconds,
            numberOfSignificantValueDigits: .three)
    }

    /// Records a duration, rounded down to the microsecond.
    public mutating func record(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let micros = Swift.max(0, seconds) * 1_000_000 + Swift.max(0, attoseconds) / 1_000_000_000_000
        record(microseconds: UInt64(clamping: micros))
    }

    /// Records a value in microseconds.
    public mutating func record(microseconds: UInt64) {
        let value = Swift.min(microseconds, Self.highestTrackableMicroseconds)
        _ = histogram.record(value)
        sumMicroseconds += Double(value)
        minMicroseconds = Swift.min(minMicroseconds, value)
        maxMicroseconds = Swift.max(maxMicroseconds, value)
    }

    /// Adds every sample of `other`.
    public mutating func merge(_ other: Trend) {
        guard other.count > 0 else { return }
        histogram.add(other.histogram)
        sumMicroseconds += other.sumMicroseconds
        minMicroseconds = Swift.min(minMicroseconds, other.minMicroseconds)
        maxMicroseconds = Swift.max(maxMicroseconds, other.maxMicroseconds)
    }

    /// The number of samples.
    public var count: UInt64 { histogram.totalCount }
    /// The mean, in milliseconds (0 when empty).
    public var avg: Double { count == 0 ? 0 : sumMicroseconds / Double(count) / 1000 }
    /// The smallest sample, in milliseconds (0 when empty).
    public var min: Double { count == 0 ? 0 : Double(minMicroseconds) / 1000 }
    /// The largest sample, in milliseconds.
    public var max: Double { Double(maxMicroseconds) / 1000 }
    /// The median, in milliseconds.
    public var med: Double { percentile(50) }

    /// The value at `percentile` (0–100), in milliseconds, within the histogram's precision.
    public func percentile(_ percentile: Double) -> Double {
        guard count > 0 else { return 0 }
        let value = Swift.min(histogram.valueAtPercentile(percentile), maxMicroseconds)
        return Double(value) / 1000
    }
}
