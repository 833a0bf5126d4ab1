import Foundation

/// How long the simulator waits before it starts answering (time to first byte).
///
/// Written as `fixed:50ms`, `uniform:20ms-200ms` or `lognormal:p50=300ms,p99=2s` (units `us`,
/// `ms`, `s`); `none` is `fixed:0ms`. ``description`` writes the same form back.
public enum LatencyModel: Sendable, Equatable, CustomStringConvertible {
    /// Always the same delay.
    case fixed(Duration)
    /// Uniformly distributed between the two bounds.
    case uniform(Duration, Duration)
    /// Log-normal with the given median and 99th percentile: the long tail of a real model API.
    case logNormal(p50: Duration, p99: Duration)

    /// No delay.
    public static let none = LatencyModel.fixed(.zero)

    /// The standard normal quantile of 0.99: p99 = p50 · exp(z99 · σ).
    static let z99 = 2.326_347_874_040_840_8

    /// Parses the textual form (see the type's documentation).
    public init(parsing text: String) throws(SimulatorSettingError) {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        if text == "none" || text == "0" {
            self = .none
            return
        }
        guard let colon = text.firstIndex(of: ":") else {
            throw SimulatorSettingError("latency \"\(text)\": expected fixed:50ms, uniform:20ms-200ms or lognormal:p50=300ms,p99=2s")
        }
        let kind = text[..<colon]
        let arguments = String(text[text.index(after: colon)...])
        switch kind {
        case "fixed":
            self = .fixed(try Self.duration(arguments))
        case "uniform":
            let bounds = arguments.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count == 2 else { throw SimulatorSettingError("latency \"\(text)\": expected uniform:MIN-MAX") }
            let low = try Self.duration(String(bounds[0])), high = try Self.duration(String(bounds[1]))
            guard low <= high else { throw SimulatorSettingError("latency \"\(text)\": the minimum is above the maximum") }
            self = .uniform(low, high)
        case "lognormal":
            var p50: Duration?, p99: Duration?
            for part in arguments.split(separator: ",") {
                let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { throw SimulatorSettingError("latency \"\(text)\": expected p50=…,p99=…") }
                switch pair[0] {
                case "p50": p50 = try Self.duration(pair[1])
                case "p99": p99 = try Self.duration(pair[1])
                default: throw SimulatorSettingError("latency \"\(text)\": unknown parameter \(pair[0]) (p50, p99)")
                }
            }
            guard let p50, let p99 else { throw SimulatorSettingError("latency \"\(text)\": both p50 and p99 are needed") }
            guard p50 > .zero, p99 >= p50 else { throw SimulatorSettingError("latency \"\(text)\": needs 0 < p50 ≤ p99") }
            self = .logNormal(p50: p50, p99: p99)
        default:
            throw SimulatorSettingError("latency \"\(text)\": unknown model \(kind) (fixed, uniform, lognormal)")
        }
    }

    public var description: String {
        switch self {
        case .fixed(let delay): "fixed:\(Self.format(delay))"
        case .uniform(let low, let high): "uniform:\(Self.format(low))-\(Self.format(high))"
        case .logNormal(let p50, let p99): "lognormal:p50=\(Self.format(p50)),p99=\(Self.format(p99))"
        }
    }

    /// One delay drawn from the model.
    public func sample(using generator: inout some RandomNumberGenerator) -> Duration {
        switch self {
        case .fixed(let delay):
            return delay
        case .uniform(let low, let high):
            let span = Self.seconds(high) - Self.seconds(low)
            return .seconds(Self.seconds(low) + span * Self.unit(&generator))
        case .logNormal(let p50, let p99):
            let mu = Foundation.log(Self.seconds(p50))
            let sigma = Foundation.log(Self.seconds(p99) / Self.seconds(p50)) / Self.z99
            return .seconds(Foundation.exp(mu + sigma * Self.standardNormal(&generator)))
        }
    }

    // MARK: - Helpers

    private static func unit(_ generator: inout some RandomNumberGenerator) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    /// Box–Muller: one standard normal value from two uniform ones.
    private static func standardNormal(_ generator: inout some RandomNumberGenerator) -> Double {
        let u1 = 1 - unit(&generator)  // in (0, 1]: log stays finite
        let u2 = unit(&generator)
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }

    /// `250us`, `50ms`, `1.5s`: a non-negative number with a unit.
    static func duration(_ text: String) throws(SimulatorSettingError) -> Duration {
        let text = text.trimmingCharacters(in: .whitespaces)
        let units: [(suffix: String, seconds: Double)] = [("us", 1e-6), ("ms", 1e-3), ("s", 1)]
        for unit in units where text.hasSuffix(unit.suffix) {
            if let value = Double(text.dropLast(unit.suffix.count)), value >= 0, value.isFinite {
                return .seconds(value * unit.seconds)
            }
            break
        }
        throw SimulatorSettingError("duration \"\(text)\": expected a number with a unit, e.g. 250us, 50ms, 1.5s")
    }

    /// The shortest exact form: whole seconds, else whole milliseconds, else microseconds.
    static func format(_ duration: Duration) -> String {
        let microseconds = (seconds(duration) * 1e6).rounded()
        if microseconds == 0 { return "0ms" }
        if microseconds.truncatingRemainder(dividingBy: 1e6) == 0 { return "\(Int64(microseconds / 1e6))s" }
        if microseconds.truncatingRemainder(dividingBy: 1e3) == 0 { return "\(Int64(microseconds / 1e3))ms" }
        return "\(Int64(microseconds))us"
    }
}
