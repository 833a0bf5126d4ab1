import ConnectCore
import Foundation
import Logging

/// Checks an e-mail and password and issues an access token. `POST /api/auth/login` and the
/// sign-in page both go through it, so both are rate-limited per client address and take as long
/// for an unknown e-mail as for a wrong password.
package struct SignInService: Sendable {
    /// A successful sign-in.
    package struct Session: Sendable {
        package var account: UserAccount
        package var token: String
        package var expiresAt: Date
    }

    let users: UserRepository
    let hasher: PasswordHasher
    package let tokens: AccessTokens
    let limiter: RateLimiter

    package init(users: UserRepository, hasher: PasswordHasher, tokens: AccessTokens, limiter: RateLimiter) {
        self.users = users
        self.hasher = hasher
        self.tokens = tokens
        self.limiter = limiter
    }

    /// Compared against when the e-mail is unknown, so both failures take as long.
    private static let decoyHash = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.zVQ5Z7p1QhxvqHm6nQwnnuhC6Hxe"

    /// Counts one attempt from `clientAddress`; a 429 ``APIError`` past the limit (counted per
    /// instance while the cache instance is down).
    package func admit(clientAddress: String) async throws {
        let decision = await limiter.check(clientAddress)
        guard decision.allowed else {
            throw APIError.rateLimited("Too many sign-in attempts; try again later", limit: decision.limit, retryAfterSeconds: decision.retryAfterSeconds)
        }
    }

    /// The session of the account with this e-mail and password; a 401 `invalid_credentials` otherwise.
    package func signIn(email: String, password: String) async throws -> Session {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        let credentials = try await users.credentials(email: email)
        let matches = try await hasher.verify(password, hash: credentials?.passwordHash ?? Self.decoyHash)
        guard let account = credentials?.account, matches else {
            throw APIError.unauthorized("E-mail or password is wrong", code: "invalid_credentials")
        }
        try await users.recordLogin(account.id)
        let issued = try await tokens.issue(for: account)
        return Session(account: account, token: issued.token, expiresAt: issued.expiresAt)
    }
}
