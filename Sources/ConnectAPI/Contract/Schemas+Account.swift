import ConnectCore
import Foundation

extension Schemas.RegisterRequest {
    /// Normalized fields, or a 422 naming the first bad one.
    func validated() throws -> (email: String, password: String, name: String) {
        let email = try EmailAddress.validated(self.email, field: "email")
        try PasswordRule.check(password, field: "password")
        let name = try TextRule(length: 1...100).validated(self.name, field: "name")
        return (email, password, name)
    }
}

extension Schemas.PasswordChange {
    /// The fields, or a 422 naming the first bad one.
    func validated() throws -> (currentPassword: String, newPassword: String) {
        try PasswordRule.checkCharacters(currentPassword, field: "currentPassword")
        try PasswordRule.check(newPassword, field: "newPassword")
        return (currentPassword, newPassword)
    }
}

extension Schemas.LoginRequest {
    /// The fields, or a 422 for what could never sign in (a NUL, a 1 MiB address).
    func validated() throws -> (email: String, password: String) {
        let email = try TextRule(length: 1...254).validated(self.email, field: "email")
        try PasswordRule.checkCharacters(password, field: "password")
        return (email, password)
    }
}

extension Schemas.User {
    /// A user as the API shows it.
    init(_ account: UserAccount) {
        self.init(
            id: account.id.uuidString, email: account.email, name: account.name, role: Schemas.UserRole(account.role),
            organizationId: account.organizationID?.uuidString)
    }
}

extension Schemas.Session {
    /// The answer of a sign-in, a registration or a password change.
    init(token: String, expiresAt: Date, account: UserAccount) {
        self.init(token: token, expiresAt: expiresAt, user: Schemas.User(account))
    }
}
