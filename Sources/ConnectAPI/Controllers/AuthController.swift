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
    /// Shared with the sign-in page.
    let signIn: SignInService

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
        try await signIn.admit(clientAddress: context.clientAddress, logger: context.logger)
        let input = try await request.decodeJSON(as: LoginRequest.self, context: context)
        let session = try await signIn.signIn(email: input.email, password: input.password)
        return SessionResponse(token: session.token, expiresAt: session.expiresAt, user: UserResponse(session.account))
    }

    @Sendable func me(_ request: Request, context: Context) async throws -> MeResponse {
        let identity = try context.requireIdentity()
        guard let account = try await users.find(identity.userID) else {
            throw APIError.unauthorized("The account of this token no longer exists", code: "invalid_token")
        }
        return MeResponse(user: UserResponse(account))
    }
}
