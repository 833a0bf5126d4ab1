/// One named scenario of a file (k6's `scenarios:`): its own executor, start time, tags and
/// personas, running beside the others. A file without `scenarios:` has one, named `default`.
public struct Workload: Sendable {
    /// The scenario's name, the `scenario` tag of its metrics when a file has several.
    public var name: String
    /// How its iterations are started.
    public var executor: ExecutorSpec
    /// How long after the start of the load its executor starts.
    public var startTime: Duration = .zero
    /// Tags added to every request it sends.
    public var tags: [String: String] = [:]
    /// What its VUs do, picked per iteration by weight.
    var personas: [Persona]

    /// When its executor, graceful stop included, is done, from the start of the load.
    var end: Duration { startTime + executor.totalDuration + executor.gracefulStop }
}
