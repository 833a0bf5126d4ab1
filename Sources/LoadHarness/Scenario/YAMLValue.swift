import Foundation

import Yams

/// A node of a scenario file with its position, read with errors that name the file and line.
struct YAMLValue {
    let node: Node
    let file: String

    var line: Int { node.mark?.line ?? 0 }
    var column: Int { node.mark?.column ?? 0 }

    /// An error at this node.
    func error(_ reason: String) -> ScenarioError {
        ScenarioError(file: file, line: line, column: column, reason: reason)
    }

    var isNull: Bool {
        if case .scalar(let scalar) = node { return scalar.tag == .init(.null) || (scalar.string.isEmpty && scalar.style == .plain) || scalar.string == "~" || scalar.string == "null" }
        return false
    }

    /// The scalar's text.
    func string(_ what: String) throws(ScenarioError) -> String {
        guard case .scalar(let scalar) = node else { throw error("\(what) must be a single value, not a \(kind)") }
        return scalar.string
    }

    func int(_ what: String, in range: ClosedRange<Int> = Int.min...Int.max) throws(ScenarioError) -> Int {
        let text = try string(what)
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
            throw error("\(what) must be a whole number, not '\(text)'")
        }
        guard range.contains(value) else { throw error("\(what) must be from \(range.lowerBound) to \(range.upperBound), not \(value)") }
        return value
    }

    func double(_ what: String, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws(ScenarioError) -> Double {
        let text = try string(what)
        guard let value = Double(text), value.isFinite else { throw error("\(what) must be a number, not '\(text)'") }
        guard range.contains(value) else { throw error("\(what) must be from \(range.lowerBound) to \(range.upperBound), not \(text)") }
        return value
    }

    func bool(_ what: String) throws(ScenarioError) -> Bool {
        let text = try string(what)
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("\(what) must be true or false, not '\(text)'")
        }
    }

    /// A k6 duration (`30s`, `1m30s`, `500ms`).
    func duration(_ what: String) throws(ScenarioError) -> Duration {
        let text = try string(what)
        guard let value = Duration(k6: text) else { throw error("\(what) must be a duration like 30s, 1m30s or 500ms, not '\(text)'") }
        return value
    }

    /// The items of a sequence.
    func sequence(_ what: String) throws(ScenarioError) -> [YAMLValue] {
        guard case .sequence(let sequence) = node else { throw error("\(what) must be a list, not a \(kind)") }
        return sequence.map { YAMLValue(node: $0, file: file) }
    }

    /// The pairs of a mapping in file order; a key outside `allowed` (when given) is an error
    /// that lists the allowed ones.
    func mapping(_ what: String, allowed: [String]? = nil) throws(ScenarioError) -> [(key: String, value: YAMLValue)] {
        guard case .mapping(let mapping) = node else { throw error("\(what) must be a mapping (key: value), not a \(kind)") }
        var pairs: [(key: String, value: YAMLValue)] = []
        for (key, value) in mapping {
            let keyValue = YAMLValue(node: key, file: file)
            let name = try keyValue.string("a key of \(what)")
            if let allowed, !allowed.contains(name) {
                throw keyValue.error("unknown key '\(name)' in \(what); expected one of: \(allowed.joined(separator: ", "))")
            }
            if pairs.contains(where: { $0.key == name }) { throw keyValue.error("duplicate key '\(name)' in \(what)") }
            pairs.append((name, YAMLValue(node: value, file: file)))
        }
        return pairs
    }

    /// A mapping as a lookup table, with the same key checks.
    func fields(_ what: String, allowed: [String]) throws(ScenarioError) -> YAMLFields {
        YAMLFields(owner: self, what: what, pairs: try mapping(what, allowed: allowed))
    }

    var isMapping: Bool { if case .mapping = node { true } else { false } }
    var isSequence: Bool { if case .sequence = node { true } else { false } }
    var isScalar: Bool { if case .scalar = node { true } else { false } }

    private var kind: String {
        switch node {
        case .scalar: "single value"
        case .mapping: "mapping"
        case .sequence: "list"
        case .alias: "alias"
        }
    }
}

/// The keys of one mapping, looked up by name; required ones fail at the mapping's line.
struct YAMLFields {
    let owner: YAMLValue
    let what: String
    let pairs: [(key: String, value: YAMLValue)]

    subscript(key: String) -> YAMLValue? { pairs.first { $0.key == key }?.value }

    func required(_ key: String) throws(ScenarioError) -> YAMLValue {
        guard let value = self[key] else { throw owner.error("\(what) needs '\(key)'") }
        return value
    }

    func has(_ key: String) -> Bool { self[key] != nil }
}
