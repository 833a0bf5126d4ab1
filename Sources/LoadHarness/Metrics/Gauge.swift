/// The last value set, with the smallest and largest seen, e.g. `vus`.
public struct Gauge: Sendable {
    /// The last value set.
    public private(set) var value: Double = 0
    /// The smallest value set.
    public private(set) var min: Double = 0
    /// The largest value set.
    public private(set) var max: Double = 0
    private var isSet = false

    /// A gauge at zero.
    public init() {}

    /// Sets the gauge.
    public mutating func set(_ newValue: Double) {
        value = newValue
        min = isSet ? Swift.min(min, newValue) : newValue
        max = isSet ? Swift.max(max, newValue) : newValue
        isSet = true
    }

    /// Keeps the other gauge's value when it was set, and the extremes of both.
    public mutating func merge(_ other: Gauge) {
        guard other.isSet else { return }
        let (low, high) = isSet ? (Swift.min(min, other.min), Swift.max(max, other.max)) : (other.min, other.max)
        value = other.value
        min = low
        max = high
        isSet = true
    }
}
