import Foundation
import Synchronization

/// Accounts by id as they were at most `lifetime` ago: what every authenticated request checks
/// its token against (the user exists, its role, organization and token version), without a
/// database query per request. A deletion, a demotion or a revocation reaches every instance
/// within `lifetime`, and this instance's own changes at once (``forget(_:)``).
///
/// Concurrent misses for one id share one query; an absent account is remembered too, so a
/// deleted user's tokens cost no query each.
public final class AccountDirectory: Sendable {
    private struct Entry {
        var account: UserAccount?
        var fetchedAt: ContinuousClock.Instant
    }

    private let users: UserRepository
    /// How long a looked-up account is trusted.
    public let lifetime: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let entries = Mutex<[UUID: Entry]>([:])
    private let lookups = SingleFlight<UUID, UserAccount?>()
    /// Past this many entries, expired ones are swept before a new one is added.
    private static let sweepThreshold = 10_000

    public init(users: UserRepository, lifetime: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.users = users
        self.lifetime = lifetime
        self.now = now
    }

    /// The account with this id, `nil` when there is none.
    public func account(_ id: UUID) async throws -> UserAccount? {
        if let remembered = rememberedAccount(id) { return remembered }
        return try await lookups.run(key: id) {
            let fetchedAt = self.now()
            let account = try await users.find(id)
            entries.withLock { entries in
                if entries.count >= Self.sweepThreshold {
                    entries = entries.filter { fetchedAt - $0.value.fetchedAt < lifetime }
                }
                entries[id] = Entry(account: account, fetchedAt: fetchedAt)
            }
            return account
        }.value
    }

    /// The account with this id as looked up less than `lifetime` ago, without waiting: `.some(nil)`
    /// when it is known not to exist, `nil` when it has to be looked up (``account(_:)``).
    public func rememberedAccount(_ id: UUID) -> UserAccount?? {
        let now = now()
        return entries.withLock { entries -> UserAccount?? in
            guard let entry = entries[id], now - entry.fetchedAt < lifetime else { return nil }
            return .some(entry.account)
        }
    }

    /// Drops what is known of `id`, after this instance changed the account.
    public func forget(_ id: UUID) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
