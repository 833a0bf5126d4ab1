import ConnectCore
import Foundation
import JWTKit

/// Issues and verifies HS256 access tokens (NextAuth's JWT strategy in the original).
///
/// Only HS256 with this key verifies: a token signed with another key, with `alg: none` or
/// another algorithm, malformed or expired, is refused. A verified token only names an account
/// and a token version; ``Authenticator`` checks them against the account. A token verified once
/// is remembered until it expires (``VerifiedTokenCache``): the signature is not checked again
/// on every request.
public struct AccessTokens: Sendable {
    /// What a verified token says.
    public struct Claims: Sendable, Equatable {
        public var userID: UUID
        public var tokenVersion: Int
    }

    private let keys: JWTKeyCollection
    private let verified = VerifiedTokenCache()
    /// How long an issued token is valid.
    public let lifetime: Duration

    public init(secret: String, lifetime: Duration = .seconds(7 * 86_400)) async {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.keys = keys
        self.lifetime = lifetime
    }

    /// A signed token for `account` and when it expires.
    public func issue(for account: UserAccount, now: Date = Date()) async throws -> (token: String, expiresAt: Date) {
        let expiresAt = now.addingTimeInterval(Double(lifetime.components.seconds))
        let payload = AccessTokenPayload(
            sub: SubjectClaim(value: account.id.uuidString), exp: ExpirationClaim(value: expiresAt),
            iat: IssuedAtClaim(value: now), email: account.email, role: account.role.rawValue,
            org: account.organizationID?.uuidString, ver: account.tokenVersion)
        return (try await keys.sign(payload), expiresAt)
    }

    /// The claims of `token`, or `nil` when the token does not verify (or has expired since).
    public func verify(_ token: String) async -> Claims? {
        if let claims = rememberedClaims(of: token) { return claims }
        guard let payload = try? await keys.verify(token, as: AccessTokenPayload.self),
            let userID = UUID(uuidString: payload.sub.value)
        else { return nil }
        let claims = Claims(userID: userID, tokenVersion: payload.ver ?? 0)
        verified.remember(token, claims: claims, expiresAt: payload.exp.value)
        return claims
    }

    /// The claims of `token` when it was verified before and has not expired since, without
    /// waiting; `nil` when it has to be verified (``verify(_:)``).
    public func rememberedClaims(of token: String) -> Claims? {
        verified.claims(of: token)
    }
}
