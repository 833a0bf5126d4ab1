import ConnectCore
import Foundation
import Hummingbird
import Logging

/// `POST /api/auth/register` and `POST /api/auth/login` (both rate-limited per client address),
/// `GET /api/auth/me`, and the two ways to end every session of an account: `POST
/// /api/auth/password` and `POST /api/auth/sign-out-everywhere`.
struct AuthController: Sendable {
    typealias Context = ConnectRequestContext

    let users: UserRepository
    /// Told about this instance's own changes, so they apply here at once.
    let accounts: AccountDirectory
    let hasher: PasswordHasher
    let registration: RegistrationService
    /// Shared with the sign-in page.
    let signIn: SignInService

    func addRoutes(to group: RouterGroup<Context>, authenticated: RouterGroup<Context>) {
        group.post("auth/register", use: register)
        group.post("auth/login", use: login)
        authenticated.get("auth/me", use: me)
        authenticated.post("auth/password", use: changePassword)
        authenticated.post("auth/sign-out-everywhere", use: signOutEverywhere)
    }

    @Sendable func register(_ request: Request, context: Context) async throws -> EditedResponse<Schemas.Session> {
        try await registration.admit(clientAddress: context.clientAddress)
        let input = try await request.decodeJSON(as: Schemas.RegisterRequest.self, context: context).validated()
        let session = try await registration.register(email: input.email, password: input.password, name: input.name)
        return EditedResponse(
            status: .created, response: Schemas.Session(token: session.token, expiresAt: session.expiresAt, account: session.account))
    }

    @Sendable func login(_ request: Request, context: Context) async throws -> Schemas.Session {
        try await signIn.admit(clientAddress: context.clientAddress)
        let input = try await request.decodeJSON(as: Schemas.LoginRequest.self, context: context).validated()
        let session = try await signIn.signIn(email: input.email, password: input.password)
        return Schemas.Session(token: session.token, expiresAt: session.expiresAt, account: session.account)
    }

    @Sendable func me(_ request: Request, context: Context) async throws -> Schemas.UserEnvelope {
        let identity = try context.requireIdentity()
        guard let account = try await users.find(identity.userID) else {
            throw APIError.unauthorized("The account of this token no longer exists", code: "invalid_token")
        }
        return Schemas.UserEnvelope(user: Schemas.User(account))
    }

    /// Checks the current password, stores the new one and answers a new session: every token
    /// issued before, this one included, stops working.
    @Sendable func changePassword(_ request: Request, context: Context) async throws -> Schemas.Session {
        let identity = try context.requireIdentity()
        let input = try await request.decodeJSON(as: Schemas.PasswordChange.self, context: context).validated()
        guard let credentials = try await users.credentials(id: identity.userID) else {
            throw APIError.unauthorized("The account of this token no longer exists", code: "invalid_token")
        }
        guard try await hasher.verify(input.currentPassword, hash: credentials.passwordHash) else {
            throw APIError.unprocessable("Field 'currentPassword' is not this account's password", code: "invalid_credentials")
        }
        let hash = try await hasher.hash(input.newPassword)
        guard let account = try await users.changePassword(identity.userID, passwordHash: hash) else {
            throw APIError.unauthorized("The account of this token no longer exists", code: "invalid_token")
        }
        accounts.forget(account.id)
        let session = try await signIn.tokens.issue(for: account)
        return Schemas.Session(token: session.token, expiresAt: session.expiresAt, account: account)
    }

    /// Revokes every token of the caller's account, this one included: 204.
    @Sendable func signOutEverywhere(_ request: Request, context: Context) async throws -> HTTPResponse.Status {
        let identity = try context.requireIdentity()
        _ = try await users.revokeTokens(identity.userID)
        accounts.forget(identity.userID)
        return .noContent
    }
}
