import ConnectCore
import Foundation
import Hummingbird

/// `POST /api/auth/register` body.
struct RegisterRequest: Decodable {
    var email: String
    var password: String
    var name: String

    /// Normalized fields, or a 422 naming the first bad one.
    func validated() throws -> (email: String, password: String, name: String) {
        let email = try EmailAddress.validated(self.email, field: "email")
        try PasswordRule.check(password, field: "password")
        let name = try TextRule(length: 1...100).validated(self.name, field: "name")
        return (email, password, name)
    }
}

/// `POST /api/auth/password` body.
struct PasswordChangeRequest: Decodable {
    var currentPassword: String
    var newPassword: String

    /// The fields, or a 422 naming the first bad one.
    func validated() throws -> (currentPassword: String, newPassword: String) {
        try PasswordRule.checkCharacters(currentPassword, field: "currentPassword")
        try PasswordRule.check(newPassword, field: "newPassword")
        return (currentPassword, newPassword)
    }
}

/// `POST /api/auth/login` body.
struct LoginRequest: Decodable {
    var email: String
    var password: String

    /// The fields, or a 422 for what could never sign in (a NUL, a 1 MiB address).
    func validated() throws -> (email: String, password: String) {
        let email = try TextRule(length: 1...254).validated(self.email, field: "email")
        try PasswordRule.checkCharacters(password, field: "password")
        return (email, password)
    }
}

/// A user as the API shows it.
struct UserResponse: Encodable {
    var id: UUID
    var email: String
    var name: String
    var role: String
    var organizationId: UUID?

    init(_ account: UserAccount) {
        id = account.id
        email = account.email
        name = account.name
        role = account.role.rawValue
        organizationId = account.organizationID
    }
}

/// `POST /api/auth/login` and `/register` answer.
struct SessionResponse: ResponseEncodable {
    var token: String
    var expiresAt: Date
    var user: UserResponse
}

/// `GET /api/auth/me` answer.
struct MeResponse: ResponseEncodable {
    var user: UserResponse
}

/// A light plausibility check; the address is proven only by using it.
enum EmailAddress {
    /// The address trimmed and lower-cased, or a 422 naming `field`.
    static func validated(_ text: String, field: String) throws -> String {
        let email = try TextRule(length: 1...254).validated(text, field: field).lowercased()
        guard isPlausible(email) else { throw APIError.unprocessable("Field '\(field)' must be an e-mail address") }
        return email
    }

    static func isPlausible(_ text: String) -> Bool {
        guard text.count <= 254, !text.contains(where: \.isWhitespace) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
            return false
        }
        return true
    }
}
