/// A running sum, e.g. `http_reqs` or `data_sent`; k6's `count` and `rate` (per second).
public struct Counter: Sendable {
    /// The sum of everything added.
    public private(set) var count: Double = 0

    /// A counter at zero.
    public init() {}

    /// Adds `value`.
    public mutating func add(_ value: Double = 1) { count += value }

    /// Adds another counter's sum.
    public mutating func merge(_ other: Counter) { count += other.count }

    /// The sum per second over `duration`.
    public func rate(over duration: Duration) -> Double {
        let seconds = duration.inSeconds
        return seconds > 0 ? count / seconds : 0
    }
}
