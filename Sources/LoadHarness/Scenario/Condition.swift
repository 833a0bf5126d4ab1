/// A test on one value of a response, e.g. `{status: 200}`, `{header: X-Cache, equals: HIT}`,
/// `{json: matches, exists: true}`, `{json: total, greaterThan: 0}`.
struct Condition: Sendable, Equatable, CustomStringConvertible {
    enum Predicate: Sendable, Equatable {
        case equals(String)
        case notEquals(String)
        case oneOf([String])
        case exists(Bool)
        case contains(String)
        case lessThan(Double)
        case greaterThan(Double)
        case notEmpty
    }

    /// The predicate keys of a scenario file.
    static let predicateKeys = ["equals", "notEquals", "in", "exists", "contains", "lessThan", "greaterThan", "notEmpty"]

    let selector: ResponseSelector
    let predicate: Predicate

    func holds(for response: ResponseView) -> Bool {
        let value = selector.select(response)
        switch predicate {
        case .exists(let wanted): return (value != nil) == wanted
        case .equals(let expected): return value?.text == expected
        case .notEquals(let unexpected): return value?.text != unexpected
        case .oneOf(let allowed): return value.map { allowed.contains($0.text) } ?? false
        case .contains(let part):
            guard let value else { return false }
            if case .list(let items) = value { return items.contains(part) }
            return value.text.contains(part)
        case .lessThan(let bound): return value.flatMap { Double($0.text) }.map { $0 < bound } ?? false
        case .greaterThan(let bound): return value.flatMap { Double($0.text) }.map { $0 > bound } ?? false
        case .notEmpty:
            guard let value else { return false }
            if case .list(let items) = value { return !items.isEmpty }
            return !value.text.isEmpty && value.text != "null" && value.text != "[]" && value.text != "{}"
        }
    }

    var description: String {
        switch predicate {
        case .equals(let v): "\(selector) == \(v)"
        case .notEquals(let v): "\(selector) != \(v)"
        case .oneOf(let v): "\(selector) in [\(v.joined(separator: ", "))]"
        case .exists(let b): b ? "\(selector) exists" : "\(selector) absent"
        case .contains(let v): "\(selector) contains \(v)"
        case .lessThan(let v): "\(selector) < \(v)"
        case .greaterThan(let v): "\(selector) > \(v)"
        case .notEmpty: "\(selector) not empty"
        }
    }
}
