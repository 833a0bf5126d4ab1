import ConnectCore
import DevStack
import Foundation
import Logging
import PostgresClient
import RedisClient
import ServiceLifecycle
import Testing
import TestSupport

/// The queue and the worker over real Redis streams and PostgreSQL: take-over of a dead
/// worker's job, and dead-lettering of a job that keeps failing.
@Suite struct JobWorkerTests {
    let logger = Logger(label: "test")

    func withQueue(_ body: (PostgresPool, JobQueue, RedisPool) async throws -> Void) async throws {
        try await TestStack.withDatabase { pool, _ in
            try await Seeder(database: pool, hasher: PasswordHasher(cost: 4), logger: logger).seed(TestStack.seedData())
            try await TestStack.withPrivateRedis(role: .queue) { server in
                let redis = RedisPool(configuration: .init(url: server.url, poolSize: 4))
                let queue = JobQueue(redis: redis)
                try await queue.prepare()
                try await queue.prepare()  // idempotent
                do {
                    try await body(pool, queue, redis)
                    await redis.shutdown()
                } catch {
                    await redis.shutdown()
                    throw error
                }
            }
        }
    }

    func worker(
        _ pool: PostgresPool, _ queue: JobQueue, _ redis: RedisPool, maxDeliveries: Int = 5, retryAfter: Duration, logger: Logger? = nil
    ) -> JobWorker {
        JobWorker(
            queue: queue, jobs: JobRepository(database: pool), generator: MatchGenerator(database: pool),
            matches: nil,
            options: .init(consumer: "worker-b", maxDeliveries: maxDeliveries, retryAfter: retryAfter, block: .milliseconds(100)),
            logger: logger ?? self.logger)
    }

    /// A new generate-matches job of the demo user (not queued), and the user's organization.
    func demoJob(_ jobs: JobRepository, _ pool: PostgresPool) async throws -> (job: JobRecord, organizationID: UUID) {
        let (userID, organizationID) = try await pool.query(
            "SELECT id, organization_id FROM users WHERE email = 'demo@connectplt.kr'").first!.decode((UUID, UUID).self)
        return (try await jobs.create(kind: JobRepository.generateMatches, userID: userID, organizationID: organizationID), organizationID)
    }

    @Test func jobOfAWorkerKilledMidJobIsTakenOverAndFinishedOnce() async throws {
        try await withQueue { pool, queue, redis in
            let jobs = JobRepository(database: pool)
            let (job, organizationID) = try await demoJob(jobs, pool)
            try await queue.enqueue(job.id)

            // Worker A takes the job, starts it, and dies without acknowledging.
            let taken = try await queue.take(consumer: "worker-a", count: 1, block: .milliseconds(100))
            #expect(taken.map(\.jobID) == [job.id])
            #expect(try await jobs.start(job.id)?.attempts == 1)

            // Seconds, not milliseconds: the suites share two busy cores, and the first cycle
            // must surely run before the entry has been idle long enough to be claimed.
            let survivor = worker(pool, queue, redis, retryAfter: .seconds(4))
            try await survivor.runOnce()  // too early to claim: nothing happens
            #expect(try await jobs.find(job.id)?.status == .running)
            // Redis's own clock says when the entry has been idle long enough to be claimed.
            let deadline = ContinuousClock.now + .seconds(30)
            while try await redis.command("XPENDING", queue.stream, queue.group, "IDLE", 4_000, "-", "+", 10).array?.isEmpty != false {
                try #require(ContinuousClock.now < deadline, "the entry never went idle")
                try await Task.sleep(for: .milliseconds(50))
            }
            try await survivor.runOnce()

            let finished = try #require(try await jobs.find(job.id))
            #expect(finished.status == .succeeded)
            #expect(finished.attempts == 2)
            #expect(try await queue.depth().pending == 0)
            let matches = try await pool.query("SELECT count(*) FROM funding_matches WHERE organization_id = \(organizationID)").first!.decode(Int.self, at: 0)
            let summary = try JSONDecoder().decode(MatchGenerator.Summary.self, from: Data(try #require(finished.resultJSON).utf8))
            #expect(summary.matches == matches && matches > 0)

            // A duplicate delivery of a finished job is acknowledged without running again.
            try await queue.enqueue(job.id)
            try await survivor.runOnce()
            #expect(try await jobs.find(job.id)?.attempts == 2)
            #expect(try await queue.depth().pending == 0)
        }
    }

    @Test func jobThatKeepsFailingIsDeadLettered() async throws {
        try await withQueue { pool, queue, redis in
            let id = try await pool.query("INSERT INTO jobs (kind) VALUES ('NO_SUCH_KIND') RETURNING id").first!.decode(UUID.self, at: 0)
            try await queue.enqueue(id)
            let stubborn = worker(pool, queue, redis, maxDeliveries: 2, retryAfter: .milliseconds(50))
            var status: JobRecord.Status?
            for _ in 0..<30 where status != .dead {
                try await stubborn.runOnce()
                try await Task.sleep(for: .milliseconds(60))
                status = try await JobRepository(database: pool).find(id)?.status
            }
            #expect(status == .dead)
            let job = try #require(try await JobRepository(database: pool).find(id))
            #expect(job.attempts == 2)
            #expect(job.lastError?.contains("gave up") == true)
            #expect(try await redis.command("XLEN", queue.deadLetterStream).int == 1)
            #expect(try await queue.depth().pending == 0)
        }
    }

    @Test func onlyTheHoldingWorkerCanRenewAnEntry() async throws {
        try await withQueue { pool, queue, _ in
            let id = try await pool.query("INSERT INTO jobs (kind) VALUES ('GENERATE_MATCHES') RETURNING id").first!.decode(UUID.self, at: 0)
            try await queue.enqueue(id)
            let taken = try #require(try await queue.take(consumer: "worker-a", count: 1, block: .milliseconds(100)).first)
            #expect(try await queue.renew(taken.entryID, consumer: "worker-a"))
            #expect(try await !queue.renew(taken.entryID, consumer: "worker-b"))
            // A renewal counts no delivery: the entry's retry budget is untouched.
            #expect(try await queue.deliveries(of: taken.entryID) == 1)
            // Once another worker has taken it over, the first can no longer hold it.
            #expect(try await queue.claimStale(consumer: "worker-b", minIdle: .zero, count: 1).map(\.entryID) == [taken.entryID])
            #expect(try await !queue.renew(taken.entryID, consumer: "worker-a"))
            #expect(try await queue.renew(taken.entryID, consumer: "worker-b"))
            try await queue.acknowledge(taken.entryID)
            #expect(try await !queue.renew(taken.entryID, consumer: "worker-b"), "a settled entry is nobody's")
        }
    }

    @Test func anAttemptThatWasTakenOverWritesNothing() async throws {
        try await withQueue { pool, _, _ in
            let jobs = JobRepository(database: pool)
            let (job, organizationID) = try await demoJob(jobs, pool)
            let first = try #require(try await jobs.start(job.id)).attempts
            // Its worker stalls past the retry window; another takes the job over and starts it again.
            let second = try #require(try await jobs.start(job.id)).attempts
            #expect((first, second) == (1, 2))
            try await pool.query("DELETE FROM funding_matches WHERE organization_id = \(organizationID) AND NOT saved")
            let generator = MatchGenerator(database: pool)
            await #expect(throws: MatchGenerator.Failure.self) {
                _ = try await generator.generate(organizationID: organizationID, job: (job.id, first))
            }
            let afterStale = try await pool.query("SELECT count(*) FROM funding_matches WHERE organization_id = \(organizationID)")
            #expect(try afterStale.first?.decode(Int.self, at: 0) == 0, "the superseded attempt's matches rolled back")
            try await jobs.recordFailure(job.id, attempt: first, error: "late", dead: false)
            #expect(try await jobs.find(job.id)?.status == .running, "nor can it record a failure")

            let summary = try await generator.generate(organizationID: organizationID, job: (job.id, second))
            #expect(summary.matches > 0)
            let finished = try #require(try await jobs.find(job.id))
            #expect(finished.status == .succeeded && finished.attempts == 2)
        }
    }

    @Test func aJobThatFailsIsRetriedAndThenSucceeds() async throws {
        try await withQueue { pool, queue, redis in
            let jobs = JobRepository(database: pool)
            let (job, organizationID) = try await demoJob(jobs, pool)
            try await queue.enqueue(job.id)
            // The worker's statements give up after 300 ms; while the test holds the organization's
            // match rows, the first attempt's writes wait for them and fail.
            let impatient = PostgresPool(configuration: .init(url: pool.configuration.url, poolSize: 2, statementTimeout: .milliseconds(300)))
            let retrying = JobWorker(
                queue: queue, jobs: JobRepository(database: impatient), generator: MatchGenerator(database: impatient),
                matches: nil,
                options: .init(consumer: "worker-b", retryAfter: .milliseconds(300), block: .milliseconds(100)), logger: logger)
            try await pool.withTransaction { connection in
                try await connection.query("SELECT id FROM funding_matches WHERE organization_id = \(organizationID) FOR UPDATE")
                try await retrying.runOnce()
            }
            let failed = try #require(try await jobs.find(job.id))
            #expect(failed.status == .failed && failed.attempts == 1)
            #expect(failed.lastError != nil)
            #expect(try await queue.depth().pending == 1, "left pending for the retry")

            var status = failed.status
            let deadline = ContinuousClock.now + .seconds(30)
            while status != .succeeded, ContinuousClock.now < deadline {
                try await retrying.runOnce()
                status = try await jobs.find(job.id)?.status ?? .failed
            }
            let finished = try #require(try await jobs.find(job.id))
            #expect(finished.status == .succeeded && finished.attempts == 2)
            #expect(finished.lastError == nil)
            #expect(try await queue.depth().pending == 0)
            await impatient.shutdown()
        }
    }

    @Test func theWorkerLoopRetriesAfterAnOutageAndStopsOnShutdown() async throws {
        try await TestStack.withDatabase { pool, _ in
            try await Seeder(database: pool, hasher: PasswordHasher(cost: 4), logger: logger).seed(TestStack.seedData())
            try await TestStack.withPrivateRedis(role: .queue) { server in
                let redis = RedisPool(configuration: .init(url: server.url, poolSize: 4))
                let queue = JobQueue(redis: redis)
                let jobs = JobRepository(database: pool)
                try await server.stop()
                let recorder = LogRecorder()
                let loop = worker(pool, queue, redis, retryAfter: .seconds(30), logger: recorder.logger())
                let group = ServiceGroup(configuration: .init(services: [loop], logger: logger))
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    // The queue instance is down: the loop's cycles fail and are retried.
                    while recorder.count(of: "worker cycle failed; retrying") < 2 { try await Task.sleep(for: .milliseconds(20)) }
                    try await server.start()
                    let (job, _) = try await demoJob(jobs, pool)
                    var enqueued = false
                    while !enqueued { enqueued = (try? await queue.enqueue(job.id)) != nil }
                    var status = job.status
                    let deadline = ContinuousClock.now + .seconds(30)
                    while status != .succeeded, ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(50))
                        status = try await jobs.find(job.id)?.status ?? .failed
                    }
                    #expect(status == .succeeded, "the loop recovered once the queue came back")
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                }
                #expect(recorder.count(of: "worker stopped") == 1)
                await redis.shutdown()
            }
        }
    }
}
