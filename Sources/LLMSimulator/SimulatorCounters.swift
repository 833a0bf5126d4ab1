/// What happened to the `POST /v1/messages` requests since start or the last reset.
public struct SimulatorCounters: Sendable, Codable, Equatable {
    /// Every request received, whatever its outcome.
    public var requests = 0
    /// Answered 200 with a whole reply, as JSON or as a stream.
    public var answered = 0
    /// Of the answered, those streamed as server-sent events.
    public var streamed = 0
    /// Error answers by status ("529": 4): faults, 400 bad bodies, 401 wrong keys, 413.
    public var errors: [String: Int] = [:]
    /// Held without an answer by the `hang` fault.
    public var hangs = 0
    /// Answered with a malformed body.
    public var malformed = 0
    /// Streams cut short by an `event: error` frame.
    public var interrupted = 0

    public init() {}
}
