import ArgumentParser
import Foundation
import LoadHarness

/// `connect-load merge`: merges the `--summary-json` files of a run's segments into the whole
/// run's summary, prints it k6-style with thresholds evaluated again; exit code 99 when one fails.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the --summary-json files of a run's segments and print the whole run's summary.",
        discussion: """
            Histograms are merged bucket by bucket, so percentiles are exact; counters, rates \
            and the vus/vus_max gauges are summed; the duration is the longest segment's. \
            Thresholds are evaluated again on the merged metrics. Time-series points are summed \
            second by second, their percentiles weighted by requests (chart points are approximate).
            """)

    @Argument(help: "Summary files written by --summary-json (one per segment).")
    var files: [String]

    @Option(name: .customLong("summary-json"), help: "Write the merged summary here.")
    var summaryJSON: String?

    @Option(name: .customLong("report"), help: "Write a self-contained HTML report here.")
    var report: String?

    @Option(help: "Print a published baseline beside ours: phase2.")
    var baseline: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one summary file") }
        if let baseline {
            do { _ = try Baseline.named(baseline) } catch { throw ValidationError(error.message) }
        }
    }

    func run() throws {
        let summaries = try files.map { path in
            do {
                return try RunSummary(contentsOf: URL(fileURLWithPath: path))
            } catch let error as DecodingError {
                throw MergeError("\(path): not a summary file (\(Self.describe(error)))")
            } catch {
                throw MergeError("\(path): \(error.localizedDescription)")
            }
        }
        let merged: RunSummary
        do { merged = try RunSummary.merge(summaries) } catch { throw MergeError(error.message) }

        let segments = summaries.compactMap(\.segment)
        let parts = segments.isEmpty ? "" : " (segments \(segments.joined(separator: ", ")))"
        print("merge: \(summaries.count) summaries of \(merged.scenario)\(parts), \(String(format: "%.1f", merged.durationSeconds))s\n")
        print(merged.report.render())

        let comparison = try baseline.map { BaselineComparison(baseline: try Baseline.named($0), summary: merged) }
        if let comparison { print(comparison.render()) }
        if let summaryJSON {
            try merged.write(to: URL(fileURLWithPath: summaryJSON))
            print("summary: \(summaryJSON)")
        }
        if let report {
            try HTMLReport(summary: merged, baseline: comparison).write(to: URL(fileURLWithPath: report))
            print("report: \(report)")
        }
        if !merged.passed { throw ExitCode(99) }
    }

    /// A decoding error in one line: what is wrong and where.
    private static func describe(_ error: DecodingError) -> String {
        let context: DecodingError.Context
        switch error {
        case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c): context = c
        @unknown default: return String(describing: error)
        }
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        if case .keyNotFound(let key, _) = error { return "missing '\(key.stringValue)'\(path.isEmpty ? "" : " in \(path)")" }
        return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
    }
}

/// Why `merge` stopped, printed as ArgumentParser prints errors.
struct MergeError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
