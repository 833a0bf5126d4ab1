import ConnectCore
import Foundation

extension Schemas.HealthReport {
    /// The readiness body of `report`, as of the check (every probe that shared it gets the same body).
    init(_ report: HealthReport, dependencies: PlatformDependencies) {
        func check(_ check: DependencyCheck) -> Schemas.DependencyCheck {
            Schemas.DependencyCheck(status: check.healthy ? .healthy : .unhealthy, latency: check.latencyMilliseconds, error: check.error)
        }
        self.init(
            status: report.isHealthy ? .ok : .degraded, timestamp: report.checkedAt, service: .connectPlatform,
            version: ConnectVersion.current, instance: dependencies.configuration.instance,
            uptime: max(0, report.checkedAt.timeIntervalSince(dependencies.startDate)).rounded(toPlaces: 3),
            checks: .init(database: check(report.database), redisCache: check(report.redisCache), redisQueue: check(report.redisQueue)))
    }
}
