import Synchronization

/// Run-wide values that timed actions set (`set: {phase: outage}`) and every VU reads, e.g. to
/// tag requests by the phase of a circuit-breaker test.
final class SharedVariables: Sendable {
    private let values: Mutex<[String: String]>

    init(_ initial: [String: String] = [:]) {
        values = Mutex(initial)
    }

    func value(_ name: String) -> String? { values.withLock { $0[name] } }

    func set(_ changes: [String: String]) { values.withLock { $0.merge(changes) { _, new in new } } }
}
