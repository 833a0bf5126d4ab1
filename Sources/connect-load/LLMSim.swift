import ArgumentParser
import Foundation
import Hummingbird
import LLMSimulator
import Logging

/// `connect-load llm-sim`: an Anthropic-compatible Messages API on loopback, with latency,
/// output speed and faults set here and switched at run time through `/_control`.
struct LLMSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm-sim",
        abstract: "Run an Anthropic-compatible Messages API simulator with latency and fault injection.",
        discussion: """
            Serves POST /v1/messages like the real API: JSON, or SSE with "stream": true.
            Control endpoint, to switch faults while it runs:
              GET  /_control        settings and counters
              POST /_control        change any settings, e.g.
                                    {"fault":"status","status":529,"errorRate":0.5}
                                    keys: fault (none, status, hang, malformed,
                                    stream_error), status, errorRate,
                                    retryAfterSeconds, latency, tokensPerSecond
              POST /_control/reset  back to the start-up settings, counters zeroed
            Clients use ANTHROPIC_BASE_URL=http://HOST:PORT and any key (or --api-key's).
            """)

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8090

    @Option(
        help: "Time to first byte: none, fixed:50ms, uniform:20ms-200ms or lognormal:p50=300ms,p99=2s. (default: none)",
        transform: { text in try LatencyModel(parsing: text) })
    var latency: LatencyModel = .none

    @Option(help: "Output speed in tokens per second (0: as fast as possible).")
    var tokensPerSecond: Double = 0

    @Option(help: "Seed of latencies, fault picks and reply texts.")
    var seed: UInt64 = 42

    @Option(help: "Fault applied to the requests the error rate picks: none, status, hang, malformed, stream_error (default: status when --error-rate or --fault-status is given).")
    var fault: String?

    @Option(help: "Share of requests, 0...1, that get the fault (default 1).")
    var errorRate: Double?

    @Option(help: "Status of the status and stream_error faults, e.g. 529, 429, 500 (default 529).")
    var faultStatus: Int?

    @Option(help: "retry-after seconds sent with 429 answers.")
    var retryAfter = 1

    @Option(help: "Seconds a request held by the hang fault waits before its connection is closed.")
    var maxHang = 300

    @Option(help: "When set, requests without this key (x-api-key or bearer token) are answered 401.")
    var apiKey: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func settings() throws -> SimulatorSettings {
        let mode: FaultMode
        if let fault {
            guard let parsed = FaultMode(rawValue: fault) else {
                throw ValidationError("--fault \(fault): expected one of \(FaultMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            mode = parsed
        } else {
            mode = errorRate != nil || faultStatus != nil ? .status : .none
        }
        let settings = SimulatorSettings(
            fault: mode, status: faultStatus ?? 529, errorRate: errorRate ?? 1, retryAfterSeconds: retryAfter,
            latency: latency, tokensPerSecond: tokensPerSecond)
        do {
            try settings.validate()
        } catch {
            throw ValidationError(error.message)
        }
        return settings
    }

    func validate() throws {
        _ = try settings()
        guard maxHang > 0 else { throw ValidationError("--max-hang \(maxHang): expected 1 or more seconds") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel): unknown level") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "llm-sim")
        let configuration = SimulatorConfiguration(
            host: host, port: port, apiKey: apiKey, seed: seed, settings: try settings(), maxHang: .seconds(maxHang))
        let simulator = LLMSimulator(configuration: configuration, logger: logger)
        let settings = configuration.settings
        let app = simulator.application { port in
            logger.info("llm-sim listening", metadata: [
                "baseURL": "http://\(configuration.host):\(port)",
                "latency": "\(settings.latency)",
                "tokensPerSecond": "\(settings.tokensPerSecond)",
                "fault": "\(settings.fault.rawValue)",
                "seed": "\(configuration.seed)",
            ])
        }
        try await app.runService()
    }
}
