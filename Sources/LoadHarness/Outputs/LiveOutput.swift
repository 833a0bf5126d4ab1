/// Where a run's samples go while it runs (`--out`): the runner hands each output the k6 points
/// of the samples recorded since the last flush (made once for every output), about once a
/// second, and the rest at the end.
public protocol LiveOutput: Sendable {
    /// Writes `points`, in time order.
    func write(_ points: [MetricPoint]) throws
    /// Called when the load starts (after setup), with the run's registry and thresholds.
    func runStarted(registry: MetricsRegistry, thresholds: [Threshold])
    /// Flushes and closes; called once, after the last ``write(_:)``.
    func finish() throws
}

extension LiveOutput {
    public func runStarted(registry: MetricsRegistry, thresholds: [Threshold]) {}
}
