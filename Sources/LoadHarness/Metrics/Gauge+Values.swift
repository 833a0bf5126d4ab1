extension Gauge {
    /// A gauge whose extremes were `min` and `max` and whose last value was `value`, as a summary
    /// file stores it.
    init(value: Double, min: Double, max: Double) {
        self.init()
        set(min)
        set(max)
        set(value)
    }
}
