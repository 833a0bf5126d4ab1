import Synchronization

/// The simulator's run-time state: the current settings, the counters and the seeded random
/// generators, behind one lock. Shared by the messages and control routes.
public final class SimulatorState: Sendable {
    private struct Storage {
        var settings: SimulatorSettings
        var counters = SimulatorCounters()
        /// Separate streams, so that switching a fault on does not change the latencies drawn.
        var latencyRandom: SplitMix64
        var faultRandom: SplitMix64
        /// Numbers the admitted requests, for message and request ids.
        var sequence: UInt64 = 0
    }

    /// The seed every generator starts from.
    public let seed: UInt64
    /// What a reset returns to.
    public let initialSettings: SimulatorSettings
    private let storage: Mutex<Storage>
    let held = HeldRequests()

    public init(seed: UInt64, settings: SimulatorSettings) {
        self.seed = seed
        self.initialSettings = settings
        self.storage = Mutex(Self.fresh(seed: seed, settings: settings))
    }

    private static func fresh(seed: UInt64, settings: SimulatorSettings) -> Storage {
        Storage(
            settings: settings,
            latencyRandom: SplitMix64(seed: seed),
            faultRandom: SplitMix64(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B))
    }

    /// The current settings.
    public var settings: SimulatorSettings {
        storage.withLock { $0.settings }
    }

    /// The counters so far.
    public var counters: SimulatorCounters {
        storage.withLock { $0.counters }
    }

    /// Changes the settings; throws (and changes nothing) when the result is invalid. Requests
    /// held by `hang` are let go when the fault changes to something else.
    @discardableResult
    public func update(_ change: (inout SimulatorSettings) throws(SimulatorSettingError) -> Void) throws(SimulatorSettingError) -> SimulatorSettings {
        var updated = settings
        try change(&updated)
        try updated.validate()
        let (previous, current) = storage.withLock { storage in
            let previous = storage.settings
            storage.settings = updated
            return (previous, updated)
        }
        if previous.fault == .hang, current.fault != .hang { held.releaseAll() }
        return current
    }

    /// Back to the initial settings, counters zeroed, generators reseeded, held requests let go.
    public func reset() {
        storage.withLock { $0 = Self.fresh(seed: seed, settings: initialSettings) }
        held.releaseAll()
    }

    // MARK: - Per request

    /// What to do with one admitted request.
    struct Plan: Sendable {
        var sequence: UInt64
        /// Waited before the first byte.
        var latency: Duration
        /// The fault this request gets (`.none` when the error rate spared it).
        var fault: FaultMode
        var status: Int
        var retryAfterSeconds: Int
        var tokensPerSecond: Double
    }

    /// Draws the latency and the fault for a valid request, and counts its outcome.
    func admit(streaming: Bool) -> Plan {
        storage.withLock { storage in
            storage.sequence += 1
            let settings = storage.settings
            let latency = settings.latency.sample(using: &storage.latencyRandom)
            var fault = FaultMode.none
            if settings.fault != .none, storage.faultRandom.nextUnitInterval() < settings.errorRate {
                fault = settings.fault
            }
            storage.counters.requests += 1
            switch fault {
            case .none:
                storage.counters.answered += 1
                if streaming { storage.counters.streamed += 1 }
            case .status:
                storage.counters.errors[String(settings.status), default: 0] += 1
            case .streamError where !streaming:
                storage.counters.errors[String(settings.status), default: 0] += 1
            case .streamError:
                storage.counters.interrupted += 1
            case .hang:
                storage.counters.hangs += 1
            case .malformed:
                storage.counters.malformed += 1
            }
            return Plan(
                sequence: storage.sequence, latency: latency, fault: fault, status: settings.status,
                retryAfterSeconds: settings.retryAfterSeconds, tokensPerSecond: settings.tokensPerSecond)
        }
    }

    /// Counts a request refused before admission (401, 400, 413).
    func countRejected(status: Int) {
        storage.withLock { storage in
            storage.counters.requests += 1
            storage.counters.errors[String(status), default: 0] += 1
        }
    }
}
