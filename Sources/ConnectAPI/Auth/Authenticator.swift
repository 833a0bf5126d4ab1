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
        guard let claims = await tokens.verify(token),
            let account = try await accounts.account(claims.userID),
            account.tokenVersion == claims.tokenVersion
        else { return nil }
        return Identity(userID: account.id, email: account.email, role: account.role, organizationID: account.organizationID)
    }
}
