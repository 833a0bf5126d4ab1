import Foundation

/// The state of one dependency as a health probe saw it.
public struct DependencyCheck: Sendable, Equatable {
    public var healthy: Bool
    /// Round trip of the probe, in milliseconds.
    public var latencyMilliseconds: Double
    /// Why it is unhealthy, in words safe to show (no credentials).
    public var error: String?

    public init(healthy: Bool, latencyMilliseconds: Double, error: String? = nil) {
        self.healthy = healthy
        self.latencyMilliseconds = latencyMilliseconds
        self.error = error
    }
}

/// The outcome of one readiness check of every dependency.
public struct HealthReport: Sendable, Equatable {
    public var database: DependencyCheck
    public var redisCache: DependencyCheck
    public var redisQueue: DependencyCheck
    public var checkedAt: Date

    /// Whether every dependency answered.
    public var isHealthy: Bool { database.healthy && redisCache.healthy && redisQueue.healthy }
}
