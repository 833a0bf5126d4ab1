import ArgumentParser
import ConnectAPI
import ConnectCore
import ConnectServer
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// `connect serve`: runs the HTTP server until SIGTERM or SIGINT, then drains in-flight requests.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP API server.",
        discussion: "Configuration comes from the environment, then a .env file in the working directory (the environment wins):\n"
            + ConfigurationVariable.all.map { "  \($0.name) (default \($0.shownDefault)): \($0.meaning)" }.joined(separator: "\n"))

    @Option(help: "Port to listen on (overrides PORT).")
    var port: Int?

    @Option(help: "Address to bind (overrides HOST).")
    var host: String?

    @Flag(help: "Also run a queue worker in this process (the dev stack's default in `make run`).")
    var worker = false

    func run() async throws {
        var configuration = try await LogSetup.configuration()
        if let port { configuration.port = port }
        if let host { configuration.host = host }
        do {
            try configuration.checkSecretAllowsBinding()
        } catch {
            throw ValidationErrorMessage("configuration error: \(error)")
        }
        let logger = LogSetup.bootstrap(level: configuration.logLevel)
        if configuration.tasksOnEventLoops, !NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() {
            logger.warning("TASKS_ON_EVENT_LOOPS: this Swift runtime has no global executor hook; tasks stay on Swift's pool")
        }
        await LogSetup.logConfigurationSources(level: configuration.logLevel, logger: logger)
        LogSetup.bootstrapMetrics()
        if configuration.usesDevelopmentSecret {
            logger.warning("JWT_SECRET is not set: using the development secret, accepted on loopback only")
        }
        let tracing = try TracingSetup.bootstrap(logger: logger)
        let dependencies = PlatformDependencies(configuration: configuration, tracing: tracing != nil, logger: logger)
        let workers = worker ? [dependencies.makeWorker(consumer: "\(configuration.instance)-inprocess", logger: logger)] : []
        let app = await buildApplication(
            configuration: configuration, dependencies: dependencies, additionalServices: workers, tracing: tracing, logger: logger)
        logger.info("starting Connect", metadata: [
            "address": "\(configuration.host):\(configuration.port)", "version": "\(ConnectVersion.current)",
        ])
        try await app.runService()
    }
}
