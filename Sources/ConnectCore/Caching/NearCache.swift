import RedisClient
import Synchronization

/// Values of the cache instance kept in this process as well, so a hit costs no round trip:
/// Redis's server-assisted client-side caching. A ``RedisInvalidationSubscription`` reports every
/// change to the cached keys, by any client of the instance, and the change drops this process's
/// copies of the key. While the subscription is down nothing is served from here or kept.
///
/// A copy is kept only if nothing could have changed the key while it was read: a read opens a
/// ticket (``beginRead(_:)``) before the command is sent, a report for the key in the meantime
/// spoils it, and ``endRead(_:field:storing:cost:)`` keeps the value only with an unspoilt
/// ticket. (The report and the reply come over different connections, so the report of a change
/// made just after the read can arrive first.) Copies also expire after `maxAge`, and when they
/// hold more than `maxBytes` some are dropped.
public final class NearCache: RedisInvalidationListener, Sendable {
    /// Most bytes of values kept; past it, keys are dropped until a quarter is free.
    public let maxBytes: Int
    /// Longest a copy is served without a reread, however quiet the key.
    public let maxAge: Duration
    /// What a copy is charged beyond its value's bytes and its field's name: its bookkeeping, so
    /// that many small copies cannot hold far more memory than the budget says.
    public static let copyOverhead = 96
    private let state = Mutex(State())

    /// One Redis key's copies (a hash's fields, or `""` for a plain key) and the reads under way.
    private struct Slot {
        var values: [String: Copy] = [:]
        var readers = 0
        /// Counted up by every report for the key: a ticket taken before is spoilt.
        var version: UInt64 = 0
    }

    private struct Copy {
        var value: any Sendable
        var cost: Int
        var expires: ContinuousClock.Instant
    }

    private struct State {
        var live = false
        /// Counted up whenever every copy is dropped (the subscription lost, a flush): a ticket
        /// taken before is spoilt.
        var epoch: UInt64 = 0
        var slots: [String: Slot] = [:]
        var bytes = 0

        mutating func dropAll() {
            epoch &+= 1
            slots.removeAll()
            bytes = 0
        }

        mutating func drop(_ key: String) {
            guard var slot = slots[key] else { return }
            bytes -= slot.values.values.reduce(0) { $0 + $1.cost }
            if slot.readers == 0 {
                slots[key] = nil
            } else {
                slot.values.removeAll()
                slot.version &+= 1
                slots[key] = slot
            }
        }
    }

    /// A read under way of one key, from before its command was sent.
    public struct Ticket: Sendable {
        fileprivate let key: String
        fileprivate let epoch: UInt64
        fileprivate let version: UInt64
    }

    public init(maxBytes: Int, maxAge: Duration) {
        self.maxBytes = maxBytes
        self.maxAge = maxAge
    }

    /// The copy of `key`'s `field`, if one is kept and fresh.
    public func value(_ key: String, field: String = "") -> (any Sendable)? {
        let now = ContinuousClock.now
        return state.withLock { state -> (any Sendable)? in
            guard state.live, let copy = state.slots[key]?.values[field] else { return nil }
            guard copy.expires > now else {
                state.slots[key]?.values[field] = nil
                state.bytes -= copy.cost
                if state.slots[key].map({ $0.values.isEmpty && $0.readers == 0 }) == true { state.slots[key] = nil }
                return nil
            }
            return copy.value
        }
    }

    /// Opens a read of `key`; `nil` while changes go unheard (nothing read then can be kept).
    public func beginRead(_ key: String) -> Ticket? {
        state.withLock { state in
            guard state.live else { return nil }
            state.slots[key, default: Slot()].readers += 1
            return Ticket(key: key, epoch: state.epoch, version: state.slots[key]!.version)
        }
    }

    /// Closes a read: keeps `value` (when given) as `field` of the key if nothing spoilt the ticket.
    /// `cost` is the value's size in bytes (as stored in Redis).
    public func endRead(_ ticket: Ticket, field: String = "", storing value: (any Sendable)?, cost: Int) {
        let expires = ContinuousClock.now + maxAge
        state.withLock { state in
            guard ticket.epoch == state.epoch, var slot = state.slots[ticket.key] else { return }
            slot.readers -= 1
            let cost = cost + field.utf8.count + Self.copyOverhead
            if let value, state.live, slot.version == ticket.version, cost <= maxBytes / 4 {
                let previous = slot.values.updateValue(Copy(value: value, cost: cost, expires: expires), forKey: field)
                state.bytes += cost - (previous?.cost ?? 0)
            }
            state.slots[ticket.key] = slot.values.isEmpty && slot.readers == 0 ? nil : slot
            if state.bytes > maxBytes { shrink(&state) }
        }
    }

    /// Drops keys (in the dictionary's order, which is as good as random) until a quarter of
    /// the budget is free.
    private func shrink(_ state: inout State) {
        for key in Array(state.slots.keys) where state.bytes > maxBytes - maxBytes / 4 {
            state.drop(key)
        }
    }

    /// Drops this process's copies of `key` at once, after a write of its own: the server's report
    /// of the change comes over another connection, possibly after this process's next read.
    public func drop(_ key: String) {
        state.withLock { $0.drop(key) }
    }

    /// Copies kept now: keys and bytes (tests, metrics).
    public var occupancy: (keys: Int, bytes: Int) {
        state.withLock { state in (state.slots.values.count { !$0.values.isEmpty }, state.bytes) }
    }

    /// Whether copies are served and kept: the subscription is up.
    public var isLive: Bool { state.withLock { $0.live } }

    // MARK: RedisInvalidationListener

    public func subscribed() {
        state.withLock { state in
            state.dropAll()
            state.live = true
        }
    }

    public func invalidated(keys: [String]) {
        state.withLock { state in
            for key in keys { state.drop(key) }
        }
    }

    public func invalidatedAll() {
        state.withLock { $0.dropAll() }
    }

    public func unsubscribed() {
        state.withLock { state in
            state.live = false
            state.dropAll()
        }
    }
}
