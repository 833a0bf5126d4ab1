import Configuration
import Foundation
import Logging

/// Typed look-ups of the ``ConfigurationVariable`` table through swift-configuration's
/// `ConfigReader`; empty values count as unset, and every malformed value is a
/// ``ConfigurationError`` naming its variable.
struct EnvironmentReader {
    let config: ConfigReader
    /// Reads the file a `NAME_FILE` variable names; tests give their own.
    let readFile: (String) throws -> String

    init(_ config: ConfigReader, readFile: @escaping (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }) {
        self.config = config
        self.readFile = readFile
    }

    /// The trimmed value, `nil` when unset or empty.
    func optionalString(_ variable: ConfigurationVariable) -> String? {
        trimmed(config.string(forKey: variable.key, isSecret: variable.isSecret))
    }

    /// The value, or the default's text when unset.
    func string(_ variable: ConfigurationVariable) -> String {
        optionalString(variable) ?? defaultText(variable) ?? ""
    }

    /// A secret from `NAME`, or from the file `NAME_FILE` names (a mounted Kubernetes or Docker
    /// secret; one trailing line break dropped), or the default. Both set is an error: which one
    /// wins would be a guess.
    func secret(_ variable: ConfigurationVariable) throws -> String? {
        let name = variable.name
        let direct = optionalString(variable)
        guard let path = trimmed(config.string(forKey: ConfigKey(variable.key.components + ["file"]))) else {
            return direct ?? defaultText(variable)
        }
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
        return value.isEmpty ? defaultText(variable) : String(value)
    }

    /// A secret whose table default is a value (the dev stack's URLs): that value when unset.
    func secretOrDefault(_ variable: ConfigurationVariable) throws -> String {
        guard let value = try secret(variable) else {
            preconditionFailure("\(variable.name) has no default value in ConfigurationVariable.all")
        }
        return value
    }

    /// A whole number inside the variable's range (its default's text read the same way).
    func int(_ variable: ConfigurationVariable) throws -> Int {
        let text = string(variable)
        guard let value = Int(text) else {
            throw ConfigurationError(variable: variable.name, reason: "'\(text)' is not a whole number")
        }
        if let range = variable.range, !range.contains(value) {
            throw ConfigurationError(variable: variable.name, reason: "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`; the default's text read the same way).
    func flag(_ variable: ConfigurationVariable) throws -> Bool {
        let text = string(variable)
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw ConfigurationError(variable: variable.name, reason: "'\(text)' is not true or false")
        }
    }

    func logLevel(_ variable: ConfigurationVariable) throws -> Logger.Level {
        let text = string(variable)
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ConfigurationError(variable: variable.name, reason: "'\(text)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        return level
    }

    private func defaultText(_ variable: ConfigurationVariable) -> String? {
        if case .value(let text) = variable.defaultValue { return text }
        return nil
    }

    private func trimmed(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }
}
