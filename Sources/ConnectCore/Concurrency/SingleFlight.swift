import Synchronization

/// Coalesces concurrent calls for the same key into one: the first caller does the work, the
/// callers that arrive while it runs wait for its result instead of repeating it.
///
/// Used for health probes (one dependency check at a time) and cache misses (one model call
/// per explanation key).
public final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private final class Flight: Sendable {
        struct State {
            var result: Result<Value, any Error>?
            var waiters: [CheckedContinuation<Value, any Error>] = []
        }
        let state = Mutex(State())
    }

    private let flights = Mutex<[Key: Flight]>([:])

    public init() {}

    /// Number of keys with work in flight.
    public var inFlight: Int { flights.withLock { $0.count } }

    /// Callers waiting for the run in flight for `key` (not counting the one doing the work).
    public func waiters(for key: Key) -> Int {
        guard let flight = flights.withLock({ $0[key] }) else { return 0 }
        return flight.state.withLock { $0.waiters.count }
    }

    /// Runs `work` for `key`, or joins the run already in flight for it.
    /// - Returns: the value and whether this caller shared another caller's run.
    public func run(key: Key, _ work: () async throws -> Value) async throws -> (value: Value, shared: Bool) {
        let (flight, isLeader) = flights.withLock { flights -> (Flight, Bool) in
            if let flight = flights[key] { return (flight, false) }
            let flight = Flight()
            flights[key] = flight
            return (flight, true)
        }
        guard isLeader else {
            let value = try await withCheckedThrowingContinuation { continuation in
                let finished = flight.state.withLock { state -> Result<Value, any Error>? in
                    if let result = state.result { return result }
                    state.waiters.append(continuation)
                    return nil
                }
                if let finished { continuation.resume(with: finished) }
            }
            return (value, true)
        }
        let result: Result<Value, any Error>
        do {
            result = .success(try await work())
        } catch {
            result = .failure(error)
        }
        flights.withLock { _ = $0.removeValue(forKey: key) }
        let waiters = flight.state.withLock { state in
            state.result = result
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
        return (try result.get(), false)
    }
}
