import Configuration
import ConnectCore
import Foundation
import Logging
import Metrics
import OTel
import Prometheus

/// Sets up swift-log once per process: JSON lines when `LOG_FORMAT=json` or when standard
/// error is not a terminal, plain text otherwise.
enum LogSetup {
    static func bootstrap(level: Logger.Level) -> Logger {
        let environment = ProcessInfo.processInfo.environment
        let format = environment["LOG_FORMAT"]?.lowercased() ?? (isatty(STDERR_FILENO) == 1 ? "text" : "json")
        // Every line logged while a request is served carries its ids (and, with tracing on, its
        // trace_id and span_id), whichever logger wrote it.
        LoggingSystem.bootstrap({ label, provider in
            if format == "json" { return JSONLogHandler(label: label, level: level, metadataProvider: provider) }
            var handler = StreamLogHandler.standardError(label: label, metadataProvider: provider)
            handler.logLevel = level
            return handler
        }, metadataProvider: .multiplex([RequestLogContext.metadataProvider, OTel.makeLoggingMetadataProvider()]))
        return Logger(label: "connect")
    }

    /// Sends swift-metrics to the Prometheus registry `GET /metrics` serves, with the platform's
    /// histogram buckets, and sets `connect_build_info`. Once per process.
    static func bootstrapMetrics() {
        var factory = PrometheusMetricsFactory()
        factory.durationHistogramBuckets = PlatformMetrics.durationBuckets
        MetricsSystem.bootstrap(factory)
        PlatformMetrics.buildInfo()
    }

    /// The configuration from the environment and the working directory's `.env` file, or an exit
    /// with the offending variable named.
    static func configuration() async throws -> ConnectConfiguration {
        do {
            return try await ConnectConfiguration.load(
                environment: ProcessInfo.processInfo.environment, hostName: ProcessInfo.processInfo.hostName)
        } catch {
            throw ValidationErrorMessage("configuration error: \(error)")
        }
    }

    /// At `LOG_LEVEL=debug` and below, logs every configuration value and where it came from
    /// (environment or `.env`), secrets as `<REDACTED>` (swift-configuration's `AccessLogger`).
    static func logConfigurationSources(level: Logger.Level, logger: Logger) async {
        guard level <= .debug else { return }
        _ = try? await ConnectConfiguration.load(
            environment: ProcessInfo.processInfo.environment, hostName: ProcessInfo.processInfo.hostName,
            accessReporter: AccessLogger(logger: logger, level: .debug, message: "configuration value"))
    }
}
