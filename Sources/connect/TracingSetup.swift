import Foundation
import Logging
import OTel
import ServiceLifecycle
import Tracing

/// Distributed tracing through OpenTelemetry, configured by the standard `OTEL_*` variables and
/// off unless an OTLP endpoint is given (`OTEL_EXPORTER_OTLP_ENDPOINT` or
/// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, or `OTEL_TRACES_EXPORTER=otlp` for the default
/// `http://localhost:4318`); `OTEL_SDK_DISABLED=true` turns it off. Spans go over OTLP/HTTP
/// (protobuf) in batches; swift-otel's own metrics and logs exporters stay off (Prometheus and the
/// JSON logs serve those).
enum TracingSetup {
    /// Whether the environment asks for traces.
    static func isRequested(_ environment: [String: String]) -> Bool {
        if environment["OTEL_SDK_DISABLED"]?.lowercased() == "true" { return false }
        if environment["OTEL_TRACES_EXPORTER"]?.lowercased() == "none" { return false }
        // Set and not empty (Compose passes `${VAR:-}` through as an empty value).
        func given(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }
        return given("OTEL_EXPORTER_OTLP_ENDPOINT") || given("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
            || environment["OTEL_TRACES_EXPORTER"]?.lowercased() == "otlp"
    }

    /// Bootstraps the tracer when asked for; the service that exports spans (run it beside the
    /// server, shut down last so the last spans go out), or `nil` when tracing is off.
    static func bootstrap(logger: Logger) throws -> (any Service)? {
        let environment = ProcessInfo.processInfo.environment
        guard isRequested(environment) else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = environment["OTEL_SERVICE_NAME"] ?? "connect"
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(backend.factory)
        logger.info("tracing on: spans exported over OTLP/HTTP", metadata: [
            "endpoint": "\(environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] ?? environment["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? "http://localhost:4318")"
        ])
        return backend.service
    }
}
