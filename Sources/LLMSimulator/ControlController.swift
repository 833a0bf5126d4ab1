import Foundation
import Hummingbird
import NIOCore

/// The control endpoint, for tests and load scenarios to read the counters and switch faults
/// while the simulator runs. Not part of the Messages API; no key needed.
///
/// - `GET /_control`: the current settings, counters and held requests:
///   `{"fault":"none","status":529,"errorRate":1,"retryAfterSeconds":1,"latency":"fixed:0ms",
///   "tokensPerSecond":0,"seed":42,"held":0,"counters":{"requests":0,"answered":0,"streamed":0,
///   "errors":{},"hangs":0,"malformed":0,"interrupted":0}}`
/// - `POST /_control`: changes the settings named in the body, leaves the others, answers the
///   new state. Keys: `fault` (`none`, `status`, `hang`, `malformed`, `stream_error`), `status`
///   (400…599), `errorRate` (0…1, the share of requests the fault hits), `retryAfterSeconds`,
///   `latency` (`fixed:10ms`, `uniform:20ms-200ms`, `lognormal:p50=300ms,p99=2s`),
///   `tokensPerSecond` (0 = unpaced). Unknown keys and bad values are answered 400 and change
///   nothing. Switching `hang` off lets held requests go (their connections are closed).
/// - `POST /_control/reset`: the start-up settings, zeroed counters, reseeded generators, held
///   requests let go.
struct ControlController: Sendable {
    let state: SimulatorState

    func addRoutes(to router: Router<SimulatorRequestContext>) {
        router.get("_control", use: show)
        router.post("_control", use: update)
        router.post("_control/reset", use: reset)
    }

    @Sendable func show(_ request: Request, context: SimulatorRequestContext) -> Response {
        Self.response(state)
    }

    @Sendable func update(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: 64 << 10)
        } catch is NIOTooManyBytesError {
            throw SimulatedAPIError(status: 413)
        }
        let change: ControlChange
        do {
            change = try JSONDecoder().decode(ControlChange.self, from: Data(body.readableBytesView))
        } catch let error as SimulatorSettingError {
            throw SimulatedAPIError.invalidRequest(error.message)
        } catch DecodingError.typeMismatch(_, let context) where !context.codingPath.isEmpty {
            throw SimulatedAPIError.invalidRequest("\(context.codingPath.map(\.stringValue).joined(separator: ".")): wrong type")
        } catch {
            throw SimulatedAPIError.invalidRequest(
                "expected a JSON object with any of: " + ControlChange.CodingKeys.allCases.map(\.rawValue).joined(separator: ", "))
        }
        do {
            try state.update { change.apply(to: &$0) }
        } catch {
            throw SimulatedAPIError.invalidRequest(error.message)
        }
        return Self.response(state)
    }

    @Sendable func reset(_ request: Request, context: SimulatorRequestContext) -> Response {
        state.reset()
        return Self.response(state)
    }

    private static func response(_ state: SimulatorState) -> Response {
        let settings = state.settings
        let snapshot = ControlSnapshot(
            fault: settings.fault, status: settings.status, errorRate: settings.errorRate,
            retryAfterSeconds: settings.retryAfterSeconds, latency: settings.latency.description,
            tokensPerSecond: settings.tokensPerSecond, seed: state.seed, held: state.held.count,
            counters: state.counters)
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: snapshot.json.text)))
    }
}

/// The body of `GET /_control` and of the answers to changes.
struct ControlSnapshot: Sendable {
    var fault: FaultMode
    var status: Int
    var errorRate: Double
    var retryAfterSeconds: Int
    var latency: String
    var tokensPerSecond: Double
    var seed: UInt64
    /// Requests the hang fault holds right now.
    var held: Int
    var counters: SimulatorCounters

    var json: JSONValue {
        .object([
            ("fault", .string(fault.rawValue)),
            ("status", .int(status)),
            ("errorRate", .double(errorRate)),
            ("retryAfterSeconds", .int(retryAfterSeconds)),
            ("latency", .string(latency)),
            ("tokensPerSecond", .double(tokensPerSecond)),
            ("seed", .unsigned(seed)),
            ("held", .int(held)),
            ("counters", .object([
                ("requests", .int(counters.requests)),
                ("answered", .int(counters.answered)),
                ("streamed", .int(counters.streamed)),
                ("errors", .object(counters.errors.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
                ("hangs", .int(counters.hangs)),
                ("malformed", .int(counters.malformed)),
                ("interrupted", .int(counters.interrupted)),
            ])),
        ])
    }
}

/// A partial change of the settings, as posted to `/_control`.
struct ControlChange: Decodable, Sendable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case fault, status, errorRate, retryAfterSeconds, latency, tokensPerSecond
    }

    /// Any key, to name the ones that are not settings.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    var fault: FaultMode?
    var status: Int?
    var errorRate: Double?
    var retryAfterSeconds: Int?
    var latency: LatencyModel?
    var tokensPerSecond: Double?

    init(from decoder: any Decoder) throws {
        let unknown = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
            .filter { CodingKeys(rawValue: $0) == nil }
        guard unknown.isEmpty else {
            throw SimulatorSettingError(
                "unknown setting \(unknown.sorted().joined(separator: ", ")); known: "
                    + CodingKeys.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let name = try container.decodeIfPresent(String.self, forKey: .fault) {
            guard let fault = FaultMode(rawValue: name) else {
                throw SimulatorSettingError(
                    "fault \"\(name)\": expected one of " + FaultMode.allCases.map(\.rawValue).joined(separator: ", "))
            }
            self.fault = fault
        }
        status = try container.decodeIfPresent(Int.self, forKey: .status)
        errorRate = try container.decodeIfPresent(Double.self, forKey: .errorRate)
        retryAfterSeconds = try container.decodeIfPresent(Int.self, forKey: .retryAfterSeconds)
        if let text = try container.decodeIfPresent(String.self, forKey: .latency) {
            latency = try LatencyModel(parsing: text)
        }
        tokensPerSecond = try container.decodeIfPresent(Double.self, forKey: .tokensPerSecond)
    }

    func apply(to settings: inout SimulatorSettings) {
        if let fault { settings.fault = fault }
        if let status { settings.status = status }
        if let errorRate { settings.errorRate = errorRate }
        if let retryAfterSeconds { settings.retryAfterSeconds = retryAfterSeconds }
        if let latency { settings.latency = latency }
        if let tokensPerSecond { settings.tokensPerSecond = tokensPerSecond }
    }
}
