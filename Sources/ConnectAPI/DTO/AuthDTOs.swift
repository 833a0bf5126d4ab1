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
        let email = self.email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard EmailAddress.isPlausible(email) else { throw APIError.unprocessable("Field 'email' must be an e-mail address") }
        guard (8...128).contains(password.count) else {
            throw APIError.unprocessable("Field 'password' must be 8 to 128 characters")
        }
        let name = self.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else { throw APIError.unprocessable("Field 'name' must be 1 to 100 characters") }
        return (email, password, name)
    }
}

/// `POST /api/auth/login` body.
struct LoginRequest: Decodable {
    var email: String
    var password: String
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
    static func isPlausible(_ text: String) -> Bool {
        guard text.count <= 254, !text.contains(where: \.isWhitespace) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
            return false
        }
        return true
    }
}
