import Synchronization

/// A run's live outputs together: drains the registry's samples about once a second and hands
/// them to each output; an output that fails is reported once and dropped.
final class LiveOutputs: Sendable {
    private let outputs: [any LiveOutput]
    /// The indexes of the outputs that failed.
    private let failed = Mutex<Set<Int>>([])
    private let registry: MetricsRegistry
    private let origin: String
    private let scenario: String
    private let log: @Sendable (String) -> Void

    init(outputs: [any LiveOutput], registry: MetricsRegistry, origin: String, scenario: String, log: @escaping @Sendable (String) -> Void) {
        self.outputs = outputs
        self.registry = registry
        self.origin = origin
        self.scenario = scenario
        self.log = log
    }

    /// Whether there is anything to write to.
    var isActive: Bool { !outputs.isEmpty }

    func runStarted(thresholds: [Threshold]) {
        for output in outputs { output.runStarted(registry: registry, thresholds: thresholds) }
    }

    /// Flushes once a second until cancelled.
    func flushEverySecond() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
            flush()
        }
    }

    /// Writes the samples recorded since the last flush.
    func flush() {
        guard isActive else { return }
        let samples = registry.drainSamples()
        guard !samples.isEmpty else { return }
        let points = samples.flatMap { $0.points(origin: origin, scenario: scenario) }
        for (index, output) in outputs.enumerated() where !failed.withLock({ $0.contains(index) }) {
            do { try output.write(points) } catch {
                failed.withLock { _ = $0.insert(index) }
                log("output: \(error); it gets no more samples")
            }
        }
    }

    /// Writes the rest and closes the outputs.
    func finish() {
        flush()
        for (index, output) in outputs.enumerated() where !failed.withLock({ $0.contains(index) }) {
            do { try output.finish() } catch { log("output: \(error)") }
        }
    }
}
