import ConnectCore
import DevStack
import Foundation
import Logging
import PostgresClient
import RedisClient
import Testing
import TestSupport

/// Two real `connect worker` processes and a job that runs far longer than their `--retry-after`:
/// the worker running it keeps its claim, the other never takes it over, and the job runs once.
@Suite(.serialized) struct WorkerLeaseTests {
    @Test func aSlowJobOfALiveWorkerRunsExactlyOnce() async throws {
        try await TestStack.withDatabase(poolSize: 4) { pool, databaseURL in
            try await Seeder(database: pool, hasher: PasswordHasher(cost: 4), logger: Logger(label: "test")).seed(TestStack.seedData())
            try await TestStack.withPrivateRedis(role: .queue) { queueServer in
                let redis = RedisPool(configuration: .init(url: queueServer.url, poolSize: 2))
                defer { Task { await redis.shutdown() } }
                let queue = JobQueue(redis: redis)
                try await queue.prepare()
                let (userID, organizationID) = try await pool.query(
                    "SELECT id, organization_id FROM users WHERE email = 'demo@connectplt.kr'").first!.decode((UUID, UUID).self)
                let jobs = JobRepository(database: pool)
                let job = try await jobs.create(kind: JobRepository.generateMatches, userID: userID, organizationID: organizationID)

                let folder = TestStack.temporaryFolder("worker-lease")
                let workers = ["lease-a", "lease-b"].map { (name: $0, log: folder + "/\($0).log") }
                let environment = [
                    "DATABASE_URL": databaseURL, "REDIS_QUEUE_URL": queueServer.url, "REDIS_CACHE_URL": SeededDatabase.cacheURL,
                    "LOG_FORMAT": "json", "LOG_LEVEL": "info", "DB_POOL_SIZE": "2", "REDIS_POOL_SIZE": "2",
                    "EXPLANATION_PREWARM_COUNT": "0",
                ]
                let programs = try workers.map { worker in
                    ChildProcess.Program(
                        [try BuiltProducts.path("connect"), "worker", "--consumer", worker.name, "--retry-after", "1"],
                        environment: environment, outputPath: worker.log)
                }
                // Both workers run for the length of the test and are stopped with SIGTERM after it.
                let (_, statuses) = try await ChildProcess.withRunning(all: programs) { _ in
                    try await pool.withTransaction { connection in
                        // The job's writes wait for these row locks: it runs as long as the test holds them.
                        try await connection.query("SELECT id FROM funding_matches WHERE organization_id = \(organizationID) FOR UPDATE")
                        try await queue.enqueue(job.id)
                        var status = try await jobs.find(job.id)?.status
                        for _ in 0..<200 where status != .running {
                            try await Task.sleep(for: .milliseconds(50))
                            status = try await jobs.find(job.id)?.status
                        }
                        try #require(status == .running, "no worker started the job")
                        // Four times the retry-after: without a lease the other worker would have taken it over.
                        try await Task.sleep(for: .seconds(4))
                        #expect(try await jobs.find(job.id)?.attempts == 1, "the job was started again while it ran")
                    }

                    var finished = try await jobs.find(job.id)
                    for _ in 0..<200 where finished?.status != .succeeded {
                        try await Task.sleep(for: .milliseconds(50))
                        finished = try await jobs.find(job.id)
                    }
                    #expect(finished?.status == .succeeded)
                    #expect(finished?.attempts == 1)
                    // The result is committed before the entry is acknowledged and the line logged:
                    // on a loaded machine both may come a moment after the status reads SUCCEEDED.
                    var pending = try await queue.depth().pending
                    for _ in 0..<200 where pending != 0 {
                        try await Task.sleep(for: .milliseconds(50))
                        pending = try await queue.depth().pending
                    }
                    #expect(pending == 0, "acknowledged")

                    func lines(_ log: String) -> [[String: Any]] {
                        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
                            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                            .filter { $0["job"] as? String == job.id.uuidString }
                    }
                    func messages() -> [String] {
                        workers.flatMap { worker in lines(worker.log).compactMap { $0["msg"] as? String }.map { "\(worker.name): \($0)" } }
                    }
                    for _ in 0..<200 where !messages().contains(where: { $0.hasSuffix(": job succeeded") }) {
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    let messages = messages()
                    #expect(messages.filter { $0.hasSuffix(": job succeeded") }.count == 1, "\(messages)")
                    #expect(messages.allSatisfy { $0.hasSuffix(": job succeeded") }, "\(messages)")
                }
                #expect(statuses == [0, 0], "workers exited \(statuses) after SIGTERM")
            }
        }
    }
}
