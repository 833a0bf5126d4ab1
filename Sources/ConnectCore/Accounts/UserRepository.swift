import Foundation
import PostgresClient

/// Users in PostgreSQL; e-mail addresses are unique regardless of case.
public struct UserRepository: Sendable {
    private let database: PostgresPool

    public init(database: PostgresPool) {
        self.database = database
    }

    private static let columns = "id, email, name, role, organization_id, token_version"

    private static func account(_ row: PostgresRow) throws -> UserAccount {
        let (id, email, name, role, organization, tokenVersion) = try row.decode((UUID, String, String, String, UUID?, Int).self)
        return UserAccount(
            id: id, email: email, name: name, role: UserAccount.Role(rawValue: role) ?? .user, organizationID: organization,
            tokenVersion: tokenVersion)
    }

    /// The account and its bcrypt hash, for signing in.
    public func credentials(email: String) async throws -> (account: UserAccount, passwordHash: String)? {
        guard let row = try await database.query(
            "SELECT \(unescaped: Self.columns), password_hash FROM users WHERE lower(email) = lower(\(email))"
        ).first else { return nil }
        return (try Self.account(row), try row.decode(String.self, at: 6))
    }

    /// The account and its bcrypt hash, by id (changing a password checks the current one).
    public func credentials(id: UUID) async throws -> (account: UserAccount, passwordHash: String)? {
        guard let row = try await database.query(
            "SELECT \(unescaped: Self.columns), password_hash FROM users WHERE id = \(id)"
        ).first else { return nil }
        return (try Self.account(row), try row.decode(String.self, at: 6))
    }

    /// Replaces the password hash; the token version goes up with it (a trigger), so every token
    /// issued before is refused. The account as it is now, or `nil` when it is gone.
    public func changePassword(_ id: UUID, passwordHash: String) async throws -> UserAccount? {
        try await database.query("""
            UPDATE users SET password_hash = \(passwordHash), updated_at = now() WHERE id = \(id)
            RETURNING \(unescaped: Self.columns)
            """).first.map(Self.account)
    }

    /// Refuses every token issued so far ("sign out everywhere"). The account as it is now.
    public func revokeTokens(_ id: UUID) async throws -> UserAccount? {
        try await database.query("""
            UPDATE users SET token_version = token_version + 1, updated_at = now() WHERE id = \(id)
            RETURNING \(unescaped: Self.columns)
            """).first.map(Self.account)
    }

    /// The account with this id.
    public func find(_ id: UUID) async throws -> UserAccount? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM users WHERE id = \(id)").first.map(Self.account)
    }

    /// Creates an account; throws ``AccountError/emailTaken`` when the address is in use.
    public func create(email: String, name: String, passwordHash: String) async throws -> UserAccount {
        do {
            let row = try await database.query("""
                INSERT INTO users (email, name, password_hash) VALUES (\(email), \(name), \(passwordHash))
                RETURNING \(unescaped: Self.columns)
                """).first!
            return try Self.account(row)
        } catch let error as PostgresError where error.isUniqueViolation {
            throw AccountError.emailTaken
        }
    }

    /// Records a successful sign-in.
    public func recordLogin(_ id: UUID) async throws {
        try await database.query("UPDATE users SET last_login_at = now() WHERE id = \(id)")
    }
}
