/// Why a summary file cannot be read, or summaries cannot be merged.
public struct RunSummaryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in one sentence.
    public let message: String

    /// - Parameter message: what is wrong.
    public init(_ message: String) {
        self.message = message
    }

    init(metric: MetricKey, _ reason: String) {
        self.message = "metric \(metric): \(reason)"
    }

    public var description: String { message }
}
