import Foundation
import Logging

extension PlatformDependencies {
    /// The queue on the queue instance.
    public var jobQueue: JobQueue { JobQueue(redis: queue) }

    /// A worker over these clients, named `consumer` in the consumer group.
    public func makeWorker(consumer: String, retryAfter: Duration = .seconds(30), logger: Logger) -> JobWorker {
        JobWorker(
            queue: jobQueue, jobs: jobs, generator: MatchGenerator(database: database),
            matches: matches,
            options: .init(consumer: consumer, retryAfter: retryAfter, prewarmCount: configuration.explanationPrewarmCount),
            logger: logger)
    }
}
