import ArgumentParser
import ConnectCore
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `connect worker`: runs queued jobs until SIGTERM or SIGINT; several can run at once.
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a queue worker (match generation jobs).")

    @Option(help: "This worker's consumer name (default: host name and process id).")
    var consumer: String?

    @Option(help: "Seconds a delivered job may stay unacknowledged before another attempt claims it.")
    var retryAfter: Int = 30

    func run() async throws {
        let configuration = try await LogSetup.configuration()
        let logger = LogSetup.bootstrap(level: configuration.logLevel)
        await LogSetup.logConfigurationSources(level: configuration.logLevel, logger: logger)
        LogSetup.bootstrapMetrics()
        let tracing = try TracingSetup.bootstrap(logger: logger)
        let dependencies = PlatformDependencies(configuration: configuration, tracing: tracing != nil, logger: logger)
        let name = consumer ?? "\(configuration.instance)-\(ProcessInfo.processInfo.processIdentifier)"
        let worker = dependencies.makeWorker(consumer: name, retryAfter: .seconds(retryAfter), logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: (tracing.map { [$0] } ?? []) + dependencies.services + [worker], gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}
