/// One step of a persona, a setup block or a group: a request with its checks, captures and
/// metrics; a group of steps (looped, or taken with a probability); or a pause.
indirect enum Step: Sendable, Equatable {
    case request(RequestStep)
    case group(GroupStep)
    case think(ThinkTime)
}

/// A request and what is read from its response.
struct RequestStep: Sendable, Equatable {
    /// The step's name: the `name` tag of its metrics.
    let name: String
    let request: RequestTemplate
    let checks: [Check]
    let captures: [Capture]
    let metrics: [MetricRule]
    /// Sending again until the response meets a condition (polling a job), if set.
    let retry: Retry?
    /// The pause after the request.
    let think: ThinkTime?
    /// The chance the step runs at all (1: always).
    let probability: Double
    /// The file line, for run-time errors.
    let line: Int
}

/// A request sent again, `every` apart, until its response meets `until` or `attempts` were
/// sent; checks, captures and metrics read the last response. Every attempt is a request in the
/// metrics.
struct Retry: Sendable, Equatable {
    let until: Condition
    let every: Duration
    let attempts: Int
}

/// Steps run together: `loop` times (a fixed count or a random count in a range), with a
/// probability, under a `group` tag.
struct GroupStep: Sendable, Equatable {
    let name: String
    let steps: [Step]
    let loop: ClosedRange<Int>
    let probability: Double
}
