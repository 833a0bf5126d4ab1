import ConnectCore
import DevStack
import Foundation
import Logging
import Testing
import TestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Two real `connect serve --worker` processes on loopback sharing one database, one cache and one
/// queue, as replicas behind a balancer do: nothing that matters lives in a process, so a rate
/// limit is counted across both, a cache entry written by one is served (and dropped) by the other,
/// and jobs enqueued through either are each run exactly once by one of the two workers.
@Suite(.serialized) struct ScaleOutTests {
    /// One running `connect serve` and where its log lines go.
    struct Instance: Sendable {
        let name: String
        let base: String
        let log: String
        let process: ChildProcess

        /// Every JSON log line this instance wrote.
        func logLines() -> [[String: Any]] {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }
    }

    struct Reply: Sendable {
        let status: Int
        let headers: [String: String]
        let body: Data

        func header(_ name: String) -> String? {
            headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }

        func json<T: Decodable>(_ type: T.Type) throws -> T {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(type, from: body)
        }
    }

    struct Session: Decodable { var token: String }
    struct Accepted: Decodable { var jobId: UUID }
    struct Job: Decodable {
        struct Summary: Decodable { var matches: Int }
        var id: UUID
        var status: String
        var attempts: Int
        var result: Summary?
    }
    struct MatchList: Decodable {
        struct Match: Decodable { var id: UUID; var saved: Bool }
        var matches: [Match]
    }
    struct Health: Decodable { var status: String; var instance: String }

    static let password = "Connect!2026"

    static func request(
        _ method: String, _ url: String, token: String? = nil, json: [String: any Sendable]? = nil
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http?.allHeaderFields ?? [:] {
            if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        return Reply(status: http?.statusCode ?? 0, headers: headers, body: data)
    }

    static func login(_ email: String, on instance: Instance) async throws -> Reply {
        try await request("POST", instance.base + "/api/auth/login", json: ["email": email, "password": password])
    }

    static func token(_ email: String, on instance: Instance) async throws -> String {
        let reply = try await login(email, on: instance)
        try #require(reply.status == 200, "login of \(email) on \(instance.name): \(reply.status)")
        return try reply.json(Session.self).token
    }

    /// A migrated, seeded database, a private cache and a private queue, and two `connect serve
    /// --worker` processes (`scale-a`, `scale-b`) on them, stopped after `body`.
    static func withTwoInstances(
        environment extra: [String: String] = [:], _ body: (Instance, Instance) async throws -> Void
    ) async throws {
        try await TestStack.withDatabase { pool, databaseURL in
            try await Seeder(database: pool, hasher: PasswordHasher(cost: 4), logger: Logger(label: "test")).seed(TestStack.seedData())
            try await TestStack.withPrivateRedis { cache in
                try await TestStack.withPrivateRedis(role: .queue) { queue in
                    let folder = TestStack.temporaryFolder("scale-out")
                    let planned = ["scale-a", "scale-b"].map { name in
                        (name: name, port: TestStack.freePort(), log: folder + "/\(name).log")
                    }
                    let programs = try planned.map { instance in
                        ChildProcess.Program(
                            [try BuiltProducts.path("connect"), "serve", "--port", String(instance.port), "--worker"],
                            environment: [
                                "DATABASE_URL": databaseURL, "REDIS_CACHE_URL": cache.url, "REDIS_QUEUE_URL": queue.url,
                                // Distinct names: the in-process worker's consumer name is derived from it.
                                "INSTANCE_ID": instance.name, "LOG_FORMAT": "json", "LOG_LEVEL": "info", "DB_POOL_SIZE": "4",
                                "REDIS_POOL_SIZE": "4",
                            ].merging(extra) { $1 },
                            outputPath: instance.log)
                    }
                    // Stopped with SIGTERM (graceful drain) after `body`, before the stores go away.
                    _ = try await ChildProcess.withRunning(all: programs) { processes in
                        let instances = zip(planned, processes).map { instance, process in
                            Instance(name: instance.name, base: "http://127.0.0.1:\(instance.port)", log: instance.log, process: process)
                        }
                        for instance in instances {
                            let live = await BuiltProducts.waitUntilLive(instance.base + "/api/health/live")
                            try #require(live, "\(instance.name) did not start: \((try? String(contentsOfFile: instance.log, encoding: .utf8)) ?? "")")
                            // Two processes, each naming itself, both ready on the shared stores.
                            let health = try await request("GET", instance.base + "/api/health")
                            #expect(health.status == 200)
                            #expect(try health.json(Health.self).instance == instance.name)
                        }
                        try await body(instances[0], instances[1])
                    }
                }
            }
        }
    }

    @Test func loginRateLimitIsCountedAcrossInstances() async throws {
        try await Self.withTwoInstances(environment: ["LOGIN_RATE_LIMIT_PER_MINUTE": "4"]) { a, b in
            // Two sign-ins on each: neither instance alone has reached its limit of 4.
            for (index, instance) in [a, b, a, b].enumerated() {
                let reply = try await Self.login("loadtest+\(index)@connectplt.kr", on: instance)
                #expect(reply.status == 200, "sign-in \(index + 1) on \(instance.name)")
            }
            // The fifth is refused wherever it lands: the window's count lives in the shared cache.
            for instance in [a, b] {
                let reply = try await Self.login("demo@connectplt.kr", on: instance)
                #expect(reply.status == 429, "on \(instance.name)")
                #expect(reply.header("X-RateLimit-Limit") == "4")
                #expect(Int(reply.header("Retry-After") ?? "") ?? 0 >= 1)
                #expect(String(decoding: reply.body, as: UTF8.self).contains(#""code":"rate_limited""#))
            }
        }
    }

    @Test func cacheEntryWrittenByOneInstanceIsServedAndDroppedByTheOther() async throws {
        try await Self.withTwoInstances { a, b in
            let token = try await Self.token("demo@connectplt.kr", on: a)
            let first = try await Self.request("GET", a.base + "/api/matches", token: token)
            #expect(first.status == 200)
            #expect(first.header("X-Cache") == "MISS")
            let second = try await Self.request("GET", b.base + "/api/matches", token: token)
            #expect(second.status == 200)
            #expect(second.header("X-Cache") == "HIT", "B serves the list A cached")
            #expect(second.body == first.body)
            let match = try #require(try first.json(MatchList.self).matches.first { !$0.saved })

            // Saving through B drops the entry for both: A reads the change, not a stale copy.
            let saved = try await Self.request("PATCH", b.base + "/api/matches/\(match.id)", token: token, json: ["saved": true])
            #expect(saved.status == 200)
            let afterSave = try await Self.request("GET", a.base + "/api/matches", token: token)
            #expect(afterSave.header("X-Cache") == "MISS")
            #expect(try afterSave.json(MatchList.self).matches.first { $0.id == match.id }?.saved == true)
            let cachedAgain = try await Self.request("GET", b.base + "/api/matches", token: token)
            #expect(cachedAgain.header("X-Cache") == "HIT")
            #expect(cachedAgain.body == afterSave.body)
        }
    }

    @Test func jobsEnqueuedThroughEitherRunOnceOnOneOfTwoWorkers() async throws {
        try await Self.withTwoInstances { a, b in
            let emails = ["demo@connectplt.kr"] + (0..<5).map { "loadtest+\($0)@connectplt.kr" }
            var tokens: [String] = []
            for (index, email) in emails.enumerated() {
                tokens.append(try await Self.token(email, on: index.isMultiple(of: 2) ? a : b))
            }
            // Two jobs per user, enqueued alternately through A and B.
            var jobs: [(id: UUID, token: String)] = []
            for round in 0..<2 {
                for (index, token) in tokens.enumerated() {
                    let instance = (index + round).isMultiple(of: 2) ? a : b
                    let reply = try await Self.request("POST", instance.base + "/api/matches/generate", token: token)
                    #expect(reply.status == 202)
                    jobs.append((try reply.json(Accepted.self).jobId, token))
                }
            }

            for (index, job) in jobs.enumerated() {
                let instance = index.isMultiple(of: 2) ? b : a
                var state = try await Self.request("GET", instance.base + "/api/jobs/\(job.id)", token: job.token).json(Job.self)
                let deadline = ContinuousClock.now + .seconds(60)
                while !["SUCCEEDED", "FAILED", "DEAD"].contains(state.status), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                    state = try await Self.request("GET", instance.base + "/api/jobs/\(job.id)", token: job.token).json(Job.self)
                }
                #expect(state.status == "SUCCEEDED", "job \(job.id)")
                #expect(state.attempts == 1, "job \(job.id) ran \(state.attempts) times")
                #expect((state.result?.matches ?? 0) > 0)
            }

            // Each instance's log names the jobs its worker finished: every job appears once, in
            // exactly one of the two logs, and both workers took a share.
            func finished(by instance: Instance) -> [UUID] {
                instance.logLines().filter { $0["msg"] as? String == "job succeeded" }.compactMap { ($0["job"] as? String).flatMap(UUID.init) }
            }
            let byA = finished(by: a)
            let byB = finished(by: b)
            let all = byA + byB
            #expect(all.count == jobs.count, "A ran \(byA.count), B ran \(byB.count), of \(jobs.count)")
            #expect(Set(all) == Set(jobs.map(\.id)))
            #expect(Set(all).count == all.count, "a job ran twice")
            #expect(!byA.isEmpty && !byB.isEmpty, "one worker took every job: A \(byA.count), B \(byB.count)")
        }
    }
}
