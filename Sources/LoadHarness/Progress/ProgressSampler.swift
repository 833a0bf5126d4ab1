import Foundation
import Synchronization

/// Once a second, drains the registry's interval stats into a ``TimeSeriesPoint`` (the report's
/// charts), prints the live progress line (every second on a terminal, every 10 s otherwise) and
/// evaluates `abortOnFail` thresholds.
public final class ProgressSampler: Sendable {
    /// Where the progress line goes.
    public enum Output: Sendable {
        /// Rewritten in place every second.
        case terminal
        /// A new line every `interval`.
        case lines(every: Duration)
        /// Nothing printed.
        case none

        /// `terminal` when standard output is one, else a line every 10 s.
        public static var automatic: Output { isatty(STDOUT_FILENO) == 1 ? .terminal : .lines(every: .seconds(10)) }
    }

    private let registry: MetricsRegistry
    private let output: Output
    private let plannedDuration: Duration
    private let maxVUs: Int
    private let state = Mutex<(points: [TimeSeriesPoint], dropped: Double, lastPrinted: Double)>(([], 0, 0))
    private let start: ContinuousClock.Instant

    /// - Parameters:
    ///   - registry: the run's metrics.
    ///   - output: where the progress line goes.
    ///   - plannedDuration: the executor's duration, shown beside the elapsed time.
    ///   - maxVUs: the most VUs the run uses, shown beside the active ones.
    ///   - start: when the run started.
    public init(registry: MetricsRegistry, output: Output, plannedDuration: Duration, maxVUs: Int, start: ContinuousClock.Instant) {
        self.registry = registry
        self.output = output
        self.plannedDuration = plannedDuration
        self.maxVUs = maxVUs
        self.start = start
    }

    /// The points taken so far.
    public var points: [TimeSeriesPoint] { state.withLock { $0.points } }

    /// Samples every second until cancelled, or until `shouldAbort` (called with each second's
    /// merged metrics only when `needsSnapshots`) returns a reason, which it then returns.
    public func run(needsSnapshots: Bool, shouldAbort: @Sendable (MetricSet, Duration) -> String?) async -> String? {
        var next = start + .seconds(1)
        while !Task.isCancelled {
            do { try await Task.sleep(until: next, clock: .continuous) } catch { break }
            next += .seconds(1)
            sample()
            if needsSnapshots, let reason = shouldAbort(registry.snapshot(), .now - start) { return reason }
        }
        return nil
    }

    /// Takes a point now (also called once at the end, for the last partial second).
    public func sample() {
        let interval = registry.drainInterval()
        let shared = registry.shared.snapshot()
        let vus = Int(shared.gauges[MetricKey(BuiltinMetric.vus)]?.value ?? 0)
        let droppedTotal = shared.counters[MetricKey(BuiltinMetric.droppedIterations)]?.count ?? 0
        let elapsed = (.now - start).inSeconds
        let line: String? = state.withLock { state in
            let point = TimeSeriesPoint(
                elapsed: elapsed, requests: interval.requests, failed: interval.failed,
                p50: interval.durations.percentile(50), p95: interval.durations.percentile(95),
                p99: interval.durations.percentile(99), vus: vus, iterations: interval.iterations,
                droppedIterations: Int(droppedTotal - state.dropped))
            state.dropped = droppedTotal
            state.points.append(point)
            switch output {
            case .none:
                return nil
            case .terminal:
                return render(point, points: state.points)
            case .lines(let every):
                guard elapsed - state.lastPrinted >= every.inSeconds - 0.01 else { return nil }
                state.lastPrinted = elapsed
                return render(point, points: state.points)
            }
        }
        guard let line else { return }
        switch output {
        case .terminal: FileHandle.standardOutput.write(Data(("\r\u{1B}[2K" + line).utf8))
        default: print(line)
        }
    }

    /// Ends the terminal's rewritten line.
    public func finish() {
        if case .terminal = output { print("") }
    }

    private func render(_ point: TimeSeriesPoint, points: [TimeSeriesPoint]) -> String {
        let iterations = points.reduce(0) { $0 + $1.iterations }
        let recent = points.suffix(10)
        let seconds = max((recent.last?.elapsed ?? 0) - (points.dropLast(recent.count).last?.elapsed ?? 0), 1e-9)
        let requests = recent.reduce(0) { $0 + $1.requests }
        let failed = recent.reduce(0) { $0 + $1.failed }
        let failedShare = requests == 0 ? 0 : Double(failed) / Double(requests) * 100
        let vus = String(format: "%03d/%03d", point.vus, maxVUs)
        let rate = String(format: "%.1f", Double(requests) / seconds)
        let failedText = String(format: "%.2f", failedShare)
        return "running (\(Self.clock(point.elapsed))/\(Self.clock(plannedDuration.inSeconds))), \(vus) VUs, "
            + "\(iterations) complete iterations, \(rate) req/s, p95 \(SummaryReport.milliseconds(point.p95)), \(failedText)% failed"
    }

    static func clock(_ seconds: Double) -> String {
        String(format: "%02dm%04.1fs", Int(seconds) / 60, seconds.truncatingRemainder(dividingBy: 60))
    }
}
