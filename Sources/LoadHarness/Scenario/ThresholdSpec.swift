/// A threshold as a scenario declares it: the k6 expression, and whether a failure stops the
/// run early (`abortOnFail`, evaluated each second once `delayAbortEval` has passed).
public struct ThresholdSpec: Sendable {
    /// The threshold.
    public let threshold: Threshold
    /// Whether failing it stops the run.
    public let abortOnFail: Bool
    /// How long after the start abort checks begin.
    public let delayAbortEval: Duration

    /// - Parameters:
    ///   - threshold: the threshold.
    ///   - abortOnFail: whether failing it stops the run.
    ///   - delayAbortEval: how long after the start abort checks begin.
    public init(threshold: Threshold, abortOnFail: Bool = false, delayAbortEval: Duration = .zero) {
        self.threshold = threshold
        self.abortOnFail = abortOnFail
        self.delayAbortEval = delayAbortEval
    }
}
