import DevStack
import Foundation
import LoadHarness
import Testing
import TestSupport

/// What crosses a network, proved without a cluster: `scripts/netns-hosts.sh` makes five hosts
/// out of network namespaces on one virtual switch — PostgreSQL and both Redis instances on one,
/// a server on each of two more, and the two segments of one distributed run (with the
/// coordinator) on the last two — and this suite checks what they left behind.
@Suite(.serialized) struct MultiHostTests {
    /// Whether this process may make network namespaces (root with CAP_SYS_ADMIN).
    static let namespacesPermitted: Bool = {
        let name = "cn-probe-\(getpid())"
        guard (try? ShellCommandRunner.run(["ip", "netns", "add", name])) == 0 else { return false }
        _ = try? ShellCommandRunner.run(["ip", "netns", "del", name])
        return true
    }()

    struct Fact: Decodable {
        var status: Int
        var headers: [String: String]
    }

    struct Health: Decodable {
        var status: String
        var instance: String
    }

    @Test(.enabled(if: namespacesPermitted, "skipped: `ip netns add` is not permitted here (needs root with CAP_SYS_ADMIN)"))
    func distributedRunOverTwoHostsAndReplicasOverTwoMore() async throws {
        let folder = TestStack.temporaryFolder("connect-netns")
        let binaries = URL(fileURLWithPath: try BuiltProducts.path("connect-load")).deletingLastPathComponent().path
        #expect(URL(fileURLWithPath: try BuiltProducts.path("connect")).deletingLastPathComponent().path == binaries)
        let exitCode = try await ChildProcess.run(
            ["/bin/bash", TestStack.packageRoot + "/scripts/netns-hosts.sh", folder], environment: ["BIN_DIR": binaries],
            outputPath: folder + ".log", timeout: .seconds(240))
        let log = (try? String(contentsOfFile: folder + ".log", encoding: .utf8)) ?? ""
        try #require(exitCode == 0, "netns-hosts.sh exited \(exitCode.map(String.init) ?? "timeout"):\n\(log)")
        func read(_ name: String) -> String {
            ((try? String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }

        // The distributed run: both segments delivered, the coordinator's verdict is the run's.
        #expect(read("coordinator.rc") == "0", "coordinator:\n\(read("coordinator.out"))")
        #expect(read("segment-1.rc") == "0", "segment 1:\n\(read("segment-1.out"))")
        #expect(read("segment-2.rc") == "0", "segment 2:\n\(read("segment-2.out"))")
        let parts = try (1...2).map { try RunSummary(contentsOf: URL(fileURLWithPath: "\(folder)/segment-\($0).json")) }
        let merged = try RunSummary(contentsOf: URL(fileURLWithPath: "\(folder)/merged.json"))
        #expect(parts.map(\.segment) == ["1/2", "2/2"])
        #expect(merged.runs == 2 && merged.segment == nil)

        // Started together: segment 2 was started 2 s after segment 1, yet the load began at once on both.
        let skew = abs(parts[0].startedAt.timeIntervalSince(parts[1].startedAt))
        #expect(skew < 0.25, "segments started \(skew) s apart")

        // The merge is the sum of the parts: counters add up, histograms hold every sample.
        for name in ["iterations", "http_reqs"] {
            let key = MetricKey(name)
            let sum = parts.compactMap { $0.metrics.counters[key]?.count }.reduce(0, +)
            #expect(merged.metrics.counters[key]?.count == sum, "\(name)")
            #expect(sum > 0)
        }
        let duration = MetricKey("http_req_duration")
        let samples = parts.compactMap { $0.metrics.trends[duration]?.count }.reduce(0, +)
        #expect(merged.metrics.trends[duration]?.count == samples)
        let remerged = try RunSummary.merge(parts)
        #expect(merged.metrics.trends[duration]?.percentile(95) == remerged.metrics.trends[duration]?.percentile(95))

        // Thresholds on the union: each segment alone missed the count, the whole run met it.
        func iterationsVerdict(_ summary: RunSummary) -> Bool? {
            summary.thresholds.first { $0.threshold.metric.name == "iterations" }?.passed
        }
        #expect(parts.map(iterationsVerdict) == [false, false])
        #expect(iterationsVerdict(merged) == true)
        #expect(merged.passed)

        // Two replicas on two hosts share PostgreSQL and Redis on a fourth.
        let facts = try JSONDecoder().decode([String: Fact].self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/facts.json")))
        struct Bodies: Decodable { var health1: Body; var health2: Body; struct Body: Decodable { var body: Health } }
        let bodies = try JSONDecoder().decode(Bodies.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/facts.json")))
        #expect(bodies.health1.body.instance == "app1" && bodies.health2.body.instance == "app2")
        #expect(bodies.health1.body.status == "ok" && bodies.health2.body.status == "ok")
        #expect(facts["register"]?.status == 201, "registered through app1")
        #expect(facts["login"]?.status == 200, "signed in through app2 with the account made through app1")
        #expect(facts["list1"]?.headers["x-cache"] == "MISS")
        #expect(facts["list2"]?.headers["x-cache"] == "HIT", "app2 served what app1 cached")
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// Runs a command to completion, its output discarded; returns its exit status.
enum ShellCommandRunner {
    static func run(_ command: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
