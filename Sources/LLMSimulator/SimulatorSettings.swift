/// The settings the control endpoint can change while the simulator runs.
public struct SimulatorSettings: Sendable, Equatable {
    /// What happens to the requests the error rate picks.
    public var fault: FaultMode
    /// The status of `status` and `stream_error` faults (a 4xx or 5xx, e.g. 529, 429, 500).
    public var status: Int
    /// The share of requests, 0…1, that get the fault.
    public var errorRate: Double
    /// The `retry-after` header of 429 answers, in seconds.
    public var retryAfterSeconds: Int
    /// The delay before the first byte of every answer (errors included).
    public var latency: LatencyModel
    /// Output speed: stream deltas are paced at this rate, and JSON answers wait for the whole
    /// text to be "generated". Zero means as fast as possible.
    public var tokensPerSecond: Double

    public init(
        fault: FaultMode = .none,
        status: Int = 529,
        errorRate: Double = 1,
        retryAfterSeconds: Int = 1,
        latency: LatencyModel = .none,
        tokensPerSecond: Double = 0
    ) {
        self.fault = fault
        self.status = status
        self.errorRate = errorRate
        self.retryAfterSeconds = retryAfterSeconds
        self.latency = latency
        self.tokensPerSecond = tokensPerSecond
    }

    /// Throws when a value is out of range.
    public func validate() throws(SimulatorSettingError) {
        guard (400...599).contains(status) else {
            throw SimulatorSettingError("status \(status): expected an error status, 400…599")
        }
        guard errorRate >= 0, errorRate <= 1 else {
            throw SimulatorSettingError("errorRate \(errorRate): expected a share between 0 and 1")
        }
        guard retryAfterSeconds >= 0 else {
            throw SimulatorSettingError("retryAfterSeconds \(retryAfterSeconds): expected 0 or more")
        }
        guard tokensPerSecond >= 0, tokensPerSecond.isFinite else {
            throw SimulatorSettingError("tokensPerSecond \(tokensPerSecond): expected 0 (unpaced) or more")
        }
    }
}
