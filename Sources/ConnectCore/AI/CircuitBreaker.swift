import Synchronization

/// A circuit breaker around the remote model: `failureThreshold` consecutive failures open it;
/// after `openDuration` one probe is let through (half-open) while every other caller is
/// refused; the probe's success closes it, its failure opens it for another period.
///
/// The clock is injected, so tests step through every transition without sleeping. Results of
/// calls admitted before the last transition are ignored, so a slow success from the old closed
/// period cannot close a breaker that has opened since.
public final class CircuitBreaker: Sendable {
    /// The breaker's position, as shown in `X-Circuit-State`, `/metrics` and the admin stats.
    public enum State: String, Sendable, Codable {
        case closed, open
        case halfOpen = "half_open"
    }

    /// Leave to make one call; hand it back with ``record(_:success:)`` or ``abandon(_:)``.
    public struct Permit: Sendable {
        /// Whether this call is the half-open probe.
        public let isProbe: Bool
        fileprivate let generation: Int
    }

    private struct Machine {
        var state: State = .closed
        var consecutiveFailures = 0
        var openedAt: ContinuousClock.Instant?
        var probeInFlight = false
        /// Bumped on every transition.
        var generation = 0
    }

    public let failureThreshold: Int
    public let openDuration: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let machine = Mutex(Machine())

    /// - Parameter now: the clock; `ContinuousClock.now` unless a test steps its own.
    public init(
        failureThreshold: Int = 5, openDuration: Duration = .seconds(30),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        precondition(failureThreshold > 0, "the breaker needs at least one failure to open")
        self.failureThreshold = failureThreshold
        self.openDuration = openDuration
        self.now = now
    }

    /// The state a caller would meet now: an open breaker whose period has passed reads half-open.
    public var state: State {
        let instant = now()
        return machine.withLock { machine in
            if machine.state == .open, let openedAt = machine.openedAt, instant - openedAt >= openDuration { return .halfOpen }
            return machine.state
        }
    }

    /// Consecutive failures counted while closed.
    public var consecutiveFailures: Int { machine.withLock { $0.consecutiveFailures } }

    /// A permit to call the upstream, or `nil` when the caller must not (open, or half-open with
    /// the probe already out).
    public func acquire() -> Permit? {
        let instant = now()
        return machine.withLock { machine -> Permit? in
            switch machine.state {
            case .closed:
                return Permit(isProbe: false, generation: machine.generation)
            case .open:
                guard let openedAt = machine.openedAt, instant - openedAt >= openDuration else { return nil }
                machine.state = .halfOpen
                machine.generation += 1
                machine.probeInFlight = true
                return Permit(isProbe: true, generation: machine.generation)
            case .halfOpen:
                guard !machine.probeInFlight else { return nil }
                machine.probeInFlight = true
                return Permit(isProbe: true, generation: machine.generation)
            }
        }
    }

    /// Reports how the permitted call went.
    public func record(_ permit: Permit, success: Bool) {
        let instant = now()
        machine.withLock { machine in
            guard permit.generation == machine.generation else { return }
            switch (machine.state, success) {
            case (.closed, true):
                machine.consecutiveFailures = 0
            case (.closed, false):
                machine.consecutiveFailures += 1
                if machine.consecutiveFailures >= failureThreshold { Self.open(&machine, at: instant) }
            case (.halfOpen, true) where permit.isProbe:
                machine.state = .closed
                machine.consecutiveFailures = 0
                machine.openedAt = nil
                machine.probeInFlight = false
                machine.generation += 1
            case (.halfOpen, false) where permit.isProbe:
                Self.open(&machine, at: instant)
            default:
                break
            }
        }
    }

    /// Returns a permit whose call ended without a verdict (cancelled): a probe frees the slot.
    public func abandon(_ permit: Permit) {
        machine.withLock { machine in
            if permit.isProbe, permit.generation == machine.generation, machine.state == .halfOpen { machine.probeInFlight = false }
        }
    }

    private static func open(_ machine: inout Machine, at instant: ContinuousClock.Instant) {
        machine.state = .open
        machine.openedAt = instant
        machine.probeInFlight = false
        machine.generation += 1
    }
}
