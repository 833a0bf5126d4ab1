import Foundation
import Synchronization

/// Tokens whose signature has already been verified, with their claims, so a token presented on
/// every request is decoded and verified once, not each time. Only verified tokens enter; an entry
/// is dropped once its token expires, and the set is bounded (`capacity`): past it, the entries
/// that expire soonest make room. What a token may do is still decided per request, against its
/// account (``Authenticator``), so revocation is unaffected.
final class VerifiedTokenCache: Sendable {
    private struct Entry {
        var claims: AccessTokens.Claims
        var expiresAt: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// The most tokens kept.
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The claims of `token` if it was verified before and has not expired.
    func claims(of token: String, now: Date = Date()) -> AccessTokens.Claims? {
        entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard entry.expiresAt > now else {
                entries[token] = nil
                return nil
            }
            return entry.claims
        }
    }

    /// Remembers a verified token until `expiresAt`.
    func remember(_ token: String, claims: AccessTokens.Claims, expiresAt: Date, now: Date = Date()) {
        entries.withLock { entries in
            if entries.count >= capacity {
                // Expired ones first; if that is not enough, the half that expires soonest.
                entries = entries.filter { $0.value.expiresAt > now }
                if entries.count >= capacity {
                    let keep = entries.sorted { $0.value.expiresAt > $1.value.expiresAt }.prefix(capacity / 2)
                    entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
                }
            }
            entries[token] = Entry(claims: claims, expiresAt: expiresAt)
        }
    }

    /// How many tokens are kept.
    var count: Int { entries.withLock { $0.count } }
}
