import Foundation
import Logging

/// Typed look-ups in an environment dictionary; empty values count as unset.
struct EnvironmentReader {
    let environment: [String: String]
    /// Reads the file a `NAME_FILE` variable names; tests give their own.
    let readFile: (String) throws -> String

    init(_ environment: [String: String], readFile: @escaping (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }) {
        self.environment = environment
        self.readFile = readFile
    }

    func optionalString(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func string(_ name: String, default defaultValue: String) -> String {
        optionalString(name) ?? defaultValue
    }

    /// A secret from `NAME`, or from the file `NAME_FILE` names (a mounted Kubernetes or Docker
    /// secret; one trailing line break dropped). Both set is an error: which one wins would be a guess.
    func secret(_ name: String) throws -> String? {
        let direct = optionalString(name)
        guard let path = optionalString(name + "_FILE") else { return direct }
        guard direct == nil else {
            throw ConfigurationError(variable: name, reason: "set either \(name) or \(name)_FILE, not both")
        }
        let contents: String
        do {
            contents = try readFile(path)
        } catch {
            // The path is not secret; the contents never appear in a message.
            throw ConfigurationError(variable: name + "_FILE", reason: "cannot read '\(path)'")
        }
        var value = Substring(contents)
        if value.hasSuffix("\n") { value = value.dropLast() }
        if value.hasSuffix("\r") { value = value.dropLast() }
        return value.isEmpty ? nil : String(value)
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
