/// Something done once, at a time after the start: set shared variables (e.g. the phase tag)
/// and/or send a request, usually to a simulator's control endpoint (`{{LLM_SIM_URL}}/_control`).
struct TimedAction: Sendable, Equatable {
    let name: String
    let at: Duration
    let set: [String: String]
    let request: RequestTemplate?
    let checks: [Check]
    let line: Int
}
