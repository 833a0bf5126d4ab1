/// The variables a step sees, innermost first: the iteration's captures, the VU's setup record,
/// values set by timed actions, then the environment (`env:` defaults, the process, `-e`).
struct Variables: Sendable {
    /// Captured by earlier steps of this iteration (and `index` during setup).
    var local: [String: VariableValue] = [:]
    /// The setup records this VU works with.
    var record: [String: VariableValue] = [:]
    /// The run's environment.
    var environment: [String: String] = [:]
    /// Values set by timed actions (`set:`), read at each lookup.
    var shared: SharedVariables?
    /// The VU's number, from 1 (0 during setup and actions).
    var vu = 0
    /// The VU's iteration, from 0.
    var iteration = 0

    func value(_ name: String) -> VariableValue? {
        if let value = local[name] ?? record[name] { return value }
        if let value = shared?.value(name) { return .text(value) }
        if let value = environment[name] { return .text(value) }
        switch name {
        case "vu": return .text(String(vu))
        case "iteration": return .text(String(iteration))
        default: return nil
        }
    }
}
