import ConnectCore
import Foundation
import Testing

@testable import ConnectAPI

/// Verified tokens are remembered until they expire, never past, and never more than the bound.
@Suite struct VerifiedTokenCacheTests {
    let claims = AccessTokens.Claims(userID: UUID(), tokenVersion: 3)

    @Test func aRememberedTokenIsServedUntilItExpires() {
        let cache = VerifiedTokenCache()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        cache.remember("t", claims: claims, expiresAt: now.addingTimeInterval(60), now: now)
        #expect(cache.claims(of: "t", now: now.addingTimeInterval(59)) == claims)
        #expect(cache.claims(of: "t", now: now.addingTimeInterval(60)) == nil, "not at its expiry")
        #expect(cache.count == 0, "and dropped")
        #expect(cache.claims(of: "other", now: now) == nil)
    }

    @Test func theBoundDropsExpiredTokensThenTheSoonestToExpire() {
        let cache = VerifiedTokenCache(capacity: 10)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        for index in 0..<10 {
            cache.remember("t\(index)", claims: claims, expiresAt: now.addingTimeInterval(Double(100 + index)), now: now)
        }
        // Full of live tokens: the five expiring soonest go.
        cache.remember("new", claims: claims, expiresAt: now.addingTimeInterval(1_000), now: now)
        #expect(cache.count == 6)
        #expect(cache.claims(of: "t0", now: now) == nil)
        #expect(cache.claims(of: "t9", now: now) == claims)
        #expect(cache.claims(of: "new", now: now) == claims)
    }

    @Test func onlyVerifiedTokensAreRemembered() async throws {
        let tokens = await AccessTokens(secret: String(repeating: "ab", count: 32))
        let account = UserAccount(id: UUID(), email: "a@b.kr", name: "n", role: .user, organizationID: nil, tokenVersion: 2)
        let token = try await tokens.issue(for: account).token
        let first = await tokens.verify(token)
        #expect(first == AccessTokens.Claims(userID: account.id, tokenVersion: 2))
        #expect(await tokens.verify(token) == first, "the second time from the cache")
        let otherKey = await AccessTokens(secret: String(repeating: "cd", count: 32))
        let forged = try await otherKey.issue(for: account).token
        #expect(await tokens.verify(forged) == nil)
        #expect(await tokens.verify(forged) == nil, "a refused token is never remembered")
        let expired = try await tokens.issue(for: account, now: Date().addingTimeInterval(-8 * 86_400)).token
        #expect(await tokens.verify(expired) == nil)
    }
}
