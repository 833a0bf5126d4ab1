import ArgumentParser
import Foundation
import LoadHarness

/// `connect-load compare BASE.json NEW.json`: two runs' summaries side by side, exact
/// percentile differences from their histograms, and regression gates; exit code 99 when a gate
/// fails, so a pipeline can stop a change that made the platform slower.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two --summary-json files: per metric and tag, with regression gates.",
        discussion: """
            Prints Markdown (for a pull request) to standard output: every metric and sub-metric \
            of either run, each cell base → new (change), percentiles exact from the stored \
            histograms. A gate is METRIC AGGREGATION > +N% (or +Nms, +N in the metric's unit; \
            '< -N%' bounds a fall), e.g. --fail-on "http_req_duration p(95) > +10%" \
            --fail-on "http_req_failed rate > +0.005" --fail-on "http_reqs rate < -5%". \
            Exit codes: 0 every gate held, 99 a regression (or a gate's metric missing), \
            104 unreadable files or gates.
            """)

    @Argument(help: "The base run's summary (--summary-json of run, merge or coordinate).")
    var base: String

    @Argument(help: "The new run's summary.")
    var new: String

    @Option(name: .customLong("fail-on"), help: "A regression gate, e.g. \"http_req_duration p(95) > +10%\"; repeatable.")
    var failOn: [String] = []

    @Option(help: "Also write the Markdown to this file.")
    var markdown: String?

    @Option(help: "Write a self-contained HTML page to this file.")
    var html: String?

    func run() throws {
        let gates: [RegressionGate]
        do {
            gates = try failOn.map { rule throws(ThresholdError) in try RegressionGate(parsing: rule) }
        } catch {
            Run.standardError("\(error)")
            throw ExitCode(104)
        }
        let summaries = try [base, new].map { path in
            do {
                return try RunSummary(contentsOf: URL(fileURLWithPath: path))
            } catch {
                Run.standardError("\(path): not a summary file (\(error))")
                throw ExitCode(104)
            }
        }
        let comparison = RunComparison(base: summaries[0], new: summaries[1], gates: gates)
        let text = comparison.markdown()
        print(text)
        if let markdown { try Data(text.utf8).write(to: URL(fileURLWithPath: markdown), options: .atomic) }
        if let html { try Data(comparison.html().utf8).write(to: URL(fileURLWithPath: html), options: .atomic) }
        if !comparison.passed { throw ExitCode(99) }
    }
}
