import Tracing
import Foundation
import Logging
import ServiceLifecycle

/// Runs queued jobs until graceful shutdown: takes entries from the queue's consumer group,
/// claims entries a dead worker left behind, acknowledges each only after its result is in
/// PostgreSQL, leaves failed ones pending for a later retry, and dead-letters those delivered
/// more than `maxDeliveries` times.
///
/// A job runs once: while it runs, the worker renews its entry every third of `retryAfter`
/// (``JobQueue/renew(_:consumer:)``), so no other worker takes over a live worker's job however
/// long it takes; only a worker that stopped renewing (dead, frozen, cut off) loses it. Should
/// that worker come back, its attempt is no longer the job's latest, and PostgreSQL refuses its
/// result (the attempt number is a fencing token): its writes roll back.
public struct JobWorker: Service {
    /// Tuning of retries and polling.
    public struct Options: Sendable {
        /// This worker's name in the consumer group.
        public var consumer: String
        /// Deliveries before a job is given up.
        public var maxDeliveries: Int
        /// How long an entry stays pending before another attempt claims it (the retry backoff,
        /// and the time to notice a dead worker).
        public var retryAfter: Duration
        /// Longest wait for new entries in one read.
        public var block: Duration
        /// How many of the best new matches get their explanation cached after a generation.
        public var prewarmCount: Int

        public init(
            consumer: String, maxDeliveries: Int = 5, retryAfter: Duration = .seconds(30), block: Duration = .seconds(1),
            prewarmCount: Int = 3
        ) {
            self.consumer = consumer
            self.maxDeliveries = maxDeliveries
            self.retryAfter = retryAfter
            self.block = block
            self.prewarmCount = prewarmCount
        }
    }

    private let queue: JobQueue
    private let jobs: JobRepository
    private let generator: MatchGenerator
    /// Told of each generation (its match lists go, its best explanations are written ahead).
    private let matches: MatchService?
    private let options: Options
    private let logger: Logger

    public init(
        queue: JobQueue, jobs: JobRepository, generator: MatchGenerator, matches: MatchService?, options: Options, logger: Logger
    ) {
        self.queue = queue
        self.jobs = jobs
        self.generator = generator
        self.matches = matches
        self.options = options
        self.logger = logger
    }

    public func run() async throws {
        logger.info("worker started", metadata: ["consumer": "\(options.consumer)"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await queue.prepare()
                try await runOnce()
            } catch {
                logger.warning("worker cycle failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
        logger.info("worker stopped", metadata: ["consumer": "\(options.consumer)"])
    }

    /// One cycle: stale entries first, then new ones (waiting up to `block`).
    public func runOnce() async throws {
        for delivery in try await queue.claimStale(consumer: options.consumer, minIdle: options.retryAfter, count: 10) {
            await process(delivery)
        }
        for delivery in try await queue.take(consumer: options.consumer, count: 10, block: options.block) {
            await process(delivery)
        }
    }

    /// Processes one delivery inside a consumer span whose parent is the enqueuing request's span
    /// (from the entry's `traceparent`), when tracing is on.
    func process(_ delivery: JobQueue.Delivery) async {
        var parent = ServiceContext.topLevel
        InstrumentationSystem.instrument.extract(delivery.traceContext, into: &parent, using: DictionaryExtractor())
        await withSpan("job generate_matches", context: parent, ofKind: .consumer) { span in
            span.attributes["connect.job_id"] = delivery.jobID.uuidString.lowercased()
            span.attributes["messaging.message.id"] = delivery.entryID
            await TracedWork.$active.withValue(true) { await processInSpan(delivery) }
        }
    }

    private func processInSpan(_ delivery: JobQueue.Delivery) async {
        var metadata: Logger.Metadata = ["job": "\(delivery.jobID)", "entry": "\(delivery.entryID)"]
        do {
            let deliveries = try await queue.deliveries(of: delivery.entryID)
            if deliveries > options.maxDeliveries {
                try await jobs.recordFailure(delivery.jobID, error: "gave up after \(deliveries - 1) attempts", dead: true)
                try await queue.deadLetter(delivery, reason: "max deliveries")
                PlatformMetrics.job(outcome: "dead")
                logger.error("job dead-lettered", metadata: metadata)
                return
            }
            guard let job = try await jobs.start(delivery.jobID) else {
                // Finished already (a retry after the result was written) or unknown: settle it.
                try await queue.acknowledge(delivery.entryID)
                return
            }
            metadata["attempt"] = "\(job.attempts)"
            do {
                guard job.kind == JobRepository.generateMatches, let organizationID = job.organizationID else {
                    throw JobFailure.unknownKind(job.kind)
                }
                let summary = try await holdingLease(on: delivery) {
                    try await generator.generate(organizationID: organizationID, job: (job.id, job.attempts))
                }
                try await queue.acknowledge(delivery.entryID)
                metadata["matches"] = "\(summary.matches)"
                PlatformMetrics.job(outcome: "succeeded")
                logger.info("job succeeded", metadata: metadata)
                // After the acknowledgement: warming is an optimisation, never a reason to retry.
                if let matches {
                    let warmed = await matches.regenerated(organizationID: organizationID, prewarm: options.prewarmCount)
                    logger.debug("explanations prewarmed", metadata: metadata.merging(["prewarmed": "\(warmed)"]) { $1 })
                }
            } catch let error as MatchGenerator.Failure where error.isSuperseded {
                // Another worker took the job over: its attempt is the one that counts.
                PlatformMetrics.job(outcome: "superseded")
                logger.warning("job attempt superseded; another worker took it over", metadata: metadata)
            } catch JobFailure.leaseLost {
                PlatformMetrics.job(outcome: "superseded")
                logger.warning("job lease lost; another worker took it over", metadata: metadata)
            } catch {
                // Left pending: it is claimed again after `retryAfter`.
                try await jobs.recordFailure(job.id, attempt: job.attempts, error: String(describing: error), dead: false)
                PlatformMetrics.job(outcome: "failed")
                logger.warning("job attempt failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            }
        } catch {
            logger.warning("job could not be processed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    /// Runs `work` while renewing `delivery` every third of `retryAfter`. When the entry turns
    /// out to be another worker's, `work` is cancelled and ``JobFailure/leaseLost`` thrown (its
    /// result, if it still got that far, is refused by the fencing token anyway).
    func holdingLease<Value: Sendable>(on delivery: JobQueue.Delivery, _ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let interval = max(options.retryAfter / 3, .milliseconds(50))
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                while true {
                    try await Task.sleep(for: interval)
                    do {
                        guard try await queue.renew(delivery.entryID, consumer: options.consumer) else { throw JobFailure.leaseLost }
                    } catch let error as JobFailure {
                        throw error
                    } catch {
                        // The queue instance cannot confirm: keep working; the fencing token still guards the result.
                        logger.warning("job lease not renewed", metadata: ["entry": "\(delivery.entryID)", "error": "\(error)"])
                    }
                }
            }
            defer { group.cancelAll() }
            while let finished = try await group.next() {
                if let value = finished { return value }
            }
            throw CancellationError()
        }
    }

    enum JobFailure: Error {
        case unknownKind(String)
        /// The entry was taken over by another worker while this one ran it.
        case leaseLost
    }
}

extension MatchGenerator.Failure {
    /// Whether a later attempt of the job replaced this one.
    var isSuperseded: Bool {
        if case .attemptSuperseded = self { return true }
        return false
    }
}
