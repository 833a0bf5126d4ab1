import Foundation
import LoadHarness
import Synchronization
import Testing

/// `data:` sources: CSV and JSON rows reach the requests, in each way of picking them.
@Suite struct DataSourceTests {
    /// A folder with `users.csv` (five users, one with a quoted comma, one Korean) and `terms.json`.
    static func folder() throws -> String {
        let folder = NSTemporaryDirectory() + "connect-data-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try #"""
            id,email,name
            u1,one@example.com,"Kim, Cheolsu"
            u2,two@example.com,김영희
            u3,three@example.com,"say ""hi"""
            u4,four@example.com,"two
            lines"
            u5,five@example.com,plain

            """#.write(toFile: folder + "/users.csv", atomically: true, encoding: .utf8)
        try #"[{"term": "AI", "limit": 20, "exact": true}, {"term": "바이오", "limit": 5, "exact": false}]"#
            .write(toFile: folder + "/terms.json", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func csvAndJSONFilesRead() throws {
        let folder = try Self.folder()
        let users = try DataSource.read(path: folder + "/users.csv", name: "users", pick: .sequential)
        #expect(users.columns == ["id", "email", "name"])
        #expect(users.rows.map { $0[2] } == ["Kim, Cheolsu", "김영희", #"say "hi""#, "two\nlines", "plain"])
        let terms = try DataSource.read(path: folder + "/terms.json", name: "terms", pick: .random)
        #expect(terms.columns == ["exact", "limit", "term"])
        #expect(terms.rows == [["true", "20", "AI"], ["false", "5", "바이오"]])
        try "id,email\nu1\n".write(toFile: folder + "/short.csv", atomically: true, encoding: .utf8)
        #expect(throws: DataSource.FileError.self) { try DataSource.read(path: folder + "/short.csv", name: "s", pick: .random) }
        try #"[{"a": 1}, {"b": 2}]"#.write(toFile: folder + "/mixed.json", atomically: true, encoding: .utf8)
        #expect(throws: DataSource.FileError.self) { try DataSource.read(path: folder + "/mixed.json", name: "m", pick: .random) }
        #expect(throws: DataSource.FileError.self) { try DataSource.read(path: folder + "/users.txt", name: "u", pick: .random) }
    }

    @Test func picksFollowTheirMode() async throws {
        let rows = (1...4).map { ["r\($0)"] }
        let perVU = DataSource(name: "d", columns: ["c"], rows: rows, pick: .perVU)
        #expect((1...6).map { perVU.row(vu: $0)?[0] } == ["r1", "r2", "r3", "r4", "r1", "r2"])
        #expect(perVU.row(vu: 2) == perVU.row(vu: 2))
        let sequential = DataSource(name: "d", columns: ["c"], rows: rows, pick: .sequential)
        #expect((1...6).map { sequential.row(vu: $0 % 2)?[0] } == ["r1", "r2", "r3", "r4", "r1", "r2"])
        // Unique under contention: 4 rows handed out once each among 8 concurrent takers.
        let unique = DataSource(name: "d", columns: ["c"], rows: rows, pick: .unique)
        let taken = await withTaskGroup(of: String?.self) { group in
            for vu in 1...8 { group.addTask { unique.row(vu: vu)?[0] } }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(taken.compactMap { $0 }.sorted() == ["r1", "r2", "r3", "r4"])
        #expect(taken.filter { $0 == nil }.count == 4)
        let random = DataSource(name: "d", columns: ["c"], rows: rows, pick: .random)
        let seen = Set((0..<200).compactMap { _ in random.row(vu: 1)?[0] })
        #expect(seen == ["r1", "r2", "r3", "r4"])
    }

    /// Requests per row, from the `user` tag each request carries.
    static func requestsPerUser(_ outcome: RunOutcome) -> [String: Double] {
        var counts: [String: Double] = [:]
        for (key, counter) in outcome.metrics.counters where key.name == "http_reqs" {
            if let user = key.tags.first(where: { $0.name == "user" })?.value { counts[user, default: 0] += counter.count }
        }
        return counts
    }

    /// The data scenario, run for `duration` or, counted rather than timed, `iterations` per VU.
    static func scenario(pick: String, vus: Int, duration: String? = nil, iterations: Int = 4) -> String {
        let executor = duration.map { "{type: constant-vus, vus: \(vus), duration: \($0)}" }
            ?? "{type: per-vu-iterations, vus: \(vus), iterations: \(iterations)}"
        return """
        name: data
        executor: \(executor)
        data:
          users: {file: users.csv, pick: \(pick)}
          terms: terms.json
        steps:
          - name: item
            path: /items/{{users.id}}?q={{terms.term}}
            tags: {user: "{{users.id}}"}
            checks: {echoed: {json: id, in: [u1, u2, u3, u4, u5]}}
            # Paced, so the test does not take the machine from the timing-sensitive tests beside it.
            think: 10ms
        thresholds:
          checks: ["rate==1"]
        """
    }

    @Test func uniqueRowsAreEachUsedOnceAndThenTheRunEnds() async throws {
        let folder = try Self.folder()
        let log = Mutex<[String]>([])
        let outcome = try await ScenarioRunnerTests.run(
            Self.scenario(pick: "unique", vus: 2, duration: "60s"), file: folder + "/scenario.yaml", log: { line in log.withLock { $0.append(line) } })
        #expect(outcome.duration < .seconds(30), "the run ended when the rows ran out, not after its 60 s")
        #expect(Self.requestsPerUser(outcome) == ["u1": 1, "u2": 1, "u3": 1, "u4": 1, "u5": 1])
        #expect(outcome.metrics.counters[MetricKey("iterations")]?.count == 5, "iterations without a row are not counted")
        #expect(outcome.passed)
        #expect(log.withLock { $0.contains { $0.contains("data source 'users' has no rows left") } })
    }

    @Test func perVUAndSequentialRowsReachTheRequests() async throws {
        let folder = try Self.folder()
        let perVU = try await ScenarioRunnerTests.run(Self.scenario(pick: "per-vu", vus: 3), file: folder + "/scenario.yaml")
        #expect(Self.requestsPerUser(perVU) == ["u1": 4, "u2": 4, "u3": 4], "VU n keeps row n")
        #expect(perVU.passed, "each response echoed its row's id")

        let sequential = try await ScenarioRunnerTests.run(
            Self.scenario(pick: "sequential", vus: 3), file: folder + "/scenario.yaml")
        let counts = Self.requestsPerUser(sequential)
        // Twelve iterations take the five rows in turn: r1 and r2 three times, the others twice.
        #expect(counts == ["u1": 3, "u2": 3, "u3": 2, "u4": 2, "u5": 2], "\(counts)")
        #expect(sequential.passed)

        let random = try await ScenarioRunnerTests.run(Self.scenario(pick: "random", vus: 3), file: folder + "/scenario.yaml")
        #expect(Set(Self.requestsPerUser(random).keys).isSubset(of: ["u1", "u2", "u3", "u4", "u5"]))
        #expect(Self.requestsPerUser(random).count >= 3)
    }

    @Test func theLoaderNamesWhatIsWrong() throws {
        let folder = try Self.folder()
        func error(_ text: String) -> String {
            do {
                _ = try ScenarioLoader.parse(text, file: folder + "/scenario.yaml")
                return "loaded"
            } catch {
                return error.description
            }
        }
        let unknownColumn = error("""
            name: x
            executor: {type: constant-vus, vus: 1, duration: 1s}
            data: {users: users.csv}
            steps: [{path: "/items/{{users.phone}}"}]
            """)
        #expect(unknownColumn.contains("unknown variable 'users.phone'"), "\(unknownColumn)")
        let badPick = error("""
            name: x
            executor: {type: constant-vus, vus: 1, duration: 1s}
            data: {users: {file: users.csv, pick: shuffled}}
            steps: [{path: /}]
            """)
        #expect(badPick.contains("pick 'shuffled'") && badPick.contains(":3:"), "\(badPick)")
        let missing = error("""
            name: x
            executor: {type: constant-vus, vus: 1, duration: 1s}
            data: {users: nowhere.csv}
            steps: [{path: /}]
            """)
        #expect(missing.contains("nowhere.csv"), "\(missing)")
    }
}
