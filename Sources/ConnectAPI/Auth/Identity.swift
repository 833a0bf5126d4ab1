import ConnectCore
import Foundation

/// The authenticated caller of a request, taken from a verified access token.
public struct Identity: Sendable, Equatable {
    public var userID: UUID
    public var email: String
    public var role: UserAccount.Role
    public var organizationID: UUID?

    public var isAdmin: Bool { role == .admin }
}
