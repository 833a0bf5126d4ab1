/// The share of samples that were true, e.g. `http_req_failed` or `checks`.
public struct Rate: Sendable {
    /// Samples that were true.
    public internal(set) var passes: UInt64 = 0
    /// All samples.
    public internal(set) var total: UInt64 = 0

    /// A rate without samples.
    public init() {}

    /// Records one sample.
    public mutating func add(_ sample: Bool) {
        total += 1
        if sample { passes += 1 }
    }

    /// Adds another rate's samples.
    public mutating func merge(_ other: Rate) {
        passes += other.passes
        total += other.total
    }

    /// Samples that were false.
    public var fails: UInt64 { total - passes }
    /// The share of true samples, 0 when there are none.
    public var rate: Double { total == 0 ? 0 : Double(passes) / Double(total) }
}
