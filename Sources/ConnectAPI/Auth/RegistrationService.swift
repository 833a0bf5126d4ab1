import ConnectCore
import Foundation

/// Creates accounts for `POST /api/auth/register`, limited per client address like sign-in.
///
/// An address already in use is answered 409 `email_taken`: the platform tells people who
/// registered before to sign in instead, so registration does reveal whether an address has an
/// account. The limit bounds that to a few probes per address and hour, and the check for an
/// existing account comes before the bcrypt hash, so probes cost the server no hashing.
struct RegistrationService: Sendable {
    let users: UserRepository
    let hasher: PasswordHasher
    let tokens: AccessTokens
    let limiter: RateLimiter

    /// Counts one attempt from `clientAddress`; a 429 ``APIError`` past the limit.
    func admit(clientAddress: String) async throws {
        let decision = await limiter.check(clientAddress)
        guard decision.allowed else {
            throw APIError.rateLimited(
                "Too many registrations from this address; try again later", limit: decision.limit,
                retryAfterSeconds: decision.retryAfterSeconds)
        }
    }

    /// The new account's session; a 409 `email_taken` when the address has an account.
    func register(email: String, password: String, name: String) async throws -> SignInService.Session {
        guard try await users.credentials(email: email) == nil else { throw Self.emailTaken }
        let hash = try await hasher.hash(password)
        let account: UserAccount
        do {
            account = try await users.create(email: email, name: name, passwordHash: hash)
        } catch AccountError.emailTaken {
            // Registered by someone else since the check.
            throw Self.emailTaken
        }
        let issued = try await tokens.issue(for: account)
        return SignInService.Session(account: account, token: issued.token, expiresAt: issued.expiresAt)
    }

    private static let emailTaken = APIError.conflict("An account with this e-mail already exists", code: "email_taken")
}
