import Foundation
import Logging

/// Typed look-ups in an environment dictionary; empty values count as unset.
struct EnvironmentReader {
    let environment: [String: String]

    init(_ environment: [String: String]) { self.environment = environment }

    func optionalString(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func string(_ name: String, default defaultValue: String) -> String {
        optionalString(name) ?? defaultValue
    }

    func int(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = optionalString(name) else { return defaultValue }
        guard let value = Int(text) else {
            throw ConfigurationError(variable: name, reason: "'\(text)' is not a whole number")
        }
        guard range.contains(value) else {
            throw ConfigurationError(variable: name, reason: "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    func logLevel(_ name: String, default defaultValue: Logger.Level) throws -> Logger.Level {
        guard let text = optionalString(name) else { return defaultValue }
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ConfigurationError(variable: name, reason: "'\(text)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        return level
    }
}
