extension Rate {
    /// A rate of `passes` true samples out of `total`, as a summary file stores it.
    init(passes: UInt64, total: UInt64) {
        self.init()
        self.passes = passes
        self.total = Swift.max(total, passes)
    }
}
