import ConnectCore
import Foundation
import Hummingbird
import Logging

/// `POST /api/auth/register`, `POST /api/auth/login` (rate-limited per client address) and
/// `GET /api/auth/me`.
struct AuthController: Sendable {
    typealias Context = ConnectRequestContext

    let users: UserRepository
    let hasher: PasswordHasher
    let tokens: AccessTokens
    let loginLimiter: RateLimiter

    /// Compared against when the e-mail is unknown, so both failures take as long.
    private static let decoyHash = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.zVQ5Z7p1QhxvqHm6nQwnnuhC6Hxe"

    func addRoutes(to group: RouterGroup<Context>, authenticated: RouterGroup<Context>) {
        group.post("auth/register", use: register)
        group.post("auth/login", use: login)
        authenticated.get("auth/me", use: me)
    }

    @Sendable func register(_ request: Request, context: Context) async throws -> EditedResponse<SessionResponse> {
        let input = try await request.decodeJSON(as: RegisterRequest.self, context: context).validated()
        let hash = try await hasher.hash(input.password)
        let account: UserAccount
        do {
            account = try await users.create(email: input.email, name: input.name, passwordHash: hash)
        } catch AccountError.emailTaken {
            throw APIError.conflict("An account with this e-mail already exists", code: "email_taken")
        }
        let session = try await tokens.issue(for: account)
        return EditedResponse(status: .created, response: SessionResponse(token: session.token, expiresAt: session.expiresAt, user: UserResponse(account)))
    }

    @Sendable func login(_ request: Request, context: Context) async throws -> SessionResponse {
        do {
            let decision = try await loginLimiter.check(context.clientAddress)
            guard decision.allowed else {
                throw APIError.rateLimited("Too many sign-in attempts; try again later", limit: decision.limit, retryAfterSeconds: decision.retryAfterSeconds)
            }
        } catch let error as APIError {
            throw error
        } catch {
            // The limiter lives in the cache instance: without it, sign-in stays open.
            context.logger.warning("login rate limiter unavailable", metadata: ["error": "\(error)"])
        }
        let input = try await request.decodeJSON(as: LoginRequest.self, context: context)
        let email = input.email.trimmingCharacters(in: .whitespacesAndNewlines)
        let credentials = try await users.credentials(email: email)
        let matches = try await hasher.verify(input.password, hash: credentials?.passwordHash ?? Self.decoyHash)
        guard let account = credentials?.account, matches else {
            throw APIError.unauthorized("E-mail or password is wrong", code: "invalid_credentials")
        }
        try await users.recordLogin(account.id)
        let session = try await tokens.issue(for: account)
        return SessionResponse(token: session.token, expiresAt: session.expiresAt, user: UserResponse(account))
    }

    @Sendable func me(_ request: Request, context: Context) async throws -> MeResponse {
        let identity = try context.requireIdentity()
        guard let account = try await users.find(identity.userID) else {
            throw APIError.unauthorized("The account of this token no longer exists", code: "invalid_token")
        }
        return MeResponse(user: UserResponse(account))
    }
}
