import Foundation
import Logging

extension PlatformDependencies {
    /// The queue on the queue instance.
    public var jobQueue: JobQueue { JobQueue(redis: queue) }

    /// The match-list cache the API reads and the worker invalidates.
    public func matchCache(logger: Logger) -> ResponseCache {
        ResponseCache(redis: cache, namespace: "cache:matches", ttlSeconds: 300, logger: logger)
    }

    /// A worker over these clients, named `consumer` in the consumer group.
    public func makeWorker(consumer: String, retryAfter: Duration = .seconds(30), logger: Logger) -> JobWorker {
        JobWorker(
            queue: jobQueue, jobs: JobRepository(database: database), generator: MatchGenerator(database: database),
            matchCache: matchCache(logger: logger), explanations: explanations,
            options: .init(consumer: consumer, retryAfter: retryAfter, prewarmCount: configuration.explanationPrewarmCount),
            logger: logger)
    }
}
