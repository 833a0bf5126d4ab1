/// Where a run's samples go while it runs (`--out`): the runner hands each output the samples
/// recorded since the last flush, about once a second, and the rest at the end.
public protocol LiveOutput: Sendable {
    /// Writes `samples` (in time order) of the run whose target is `origin`.
    func write(_ samples: [LiveSample], origin: String, scenario: String) throws
    /// Called when the load starts (after setup), with the run's registry and thresholds.
    func runStarted(registry: MetricsRegistry, thresholds: [Threshold])
    /// Flushes and closes; called once, after the last ``write(_:origin:scenario:)``.
    func finish() throws
}

extension LiveOutput {
    public func runStarted(registry: MetricsRegistry, thresholds: [Threshold]) {}
}
