import Foundation

/// A person who signs in: their identity, role and organization.
public struct UserAccount: Sendable, Equatable {
    /// What a user may do.
    public enum Role: String, Sendable, Codable, CaseIterable {
        case user = "USER"
        case admin = "ADMIN"
    }

    public var id: UUID
    public var email: String
    public var name: String
    public var role: Role
    public var organizationID: UUID?
    /// Tokens issued for an older version are refused: it goes up when the password or the role
    /// changes and on "sign out everywhere".
    public var tokenVersion: Int

    public init(id: UUID, email: String, name: String, role: Role, organizationID: UUID?, tokenVersion: Int = 0) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.organizationID = organizationID
        self.tokenVersion = tokenVersion
    }
}
