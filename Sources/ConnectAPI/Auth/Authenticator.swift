import ConnectCore
import Foundation

/// Turns an access token into the caller's ``Identity``: the signature and expiry first, then the
/// account as it is now (``AccountDirectory``): it must exist and have the token's version, and
/// its role and organization are the ones that count, not the token's copies.
public struct Authenticator: Sendable {
    public let tokens: AccessTokens
    public let accounts: AccountDirectory

    public init(tokens: AccessTokens, accounts: AccountDirectory) {
        self.tokens = tokens
        self.accounts = accounts
    }

    /// The identity behind `token`; `nil` when the token does not verify, its account is gone or
    /// it was revoked. Throws when the account cannot be looked up (a database outage: 503).
    public func identity(for token: String) async throws -> Identity? {
        guard let claims = await tokens.verify(token) else { return nil }
        return Self.identity(claims, account: try await accounts.account(claims.userID))
    }

    /// The answer of ``identity(for:)`` when the token's verification and its account are both
    /// remembered, without waiting: a warm authenticated request then makes no executor hop here.
    /// `.some(nil)` is a known refusal; `nil` means one of them has to be looked up.
    public func rememberedIdentity(for token: String) -> Identity?? {
        guard let claims = tokens.rememberedClaims(of: token), let account = accounts.rememberedAccount(claims.userID) else {
            return nil
        }
        return .some(Self.identity(claims, account: account))
    }

    /// The identity when the account exists and still has the token's version.
    private static func identity(_ claims: AccessTokens.Claims, account: UserAccount?) -> Identity? {
        guard let account, account.tokenVersion == claims.tokenVersion else { return nil }
        return Identity(userID: account.id, email: account.email, role: account.role, organizationID: account.organizationID)
    }
}
