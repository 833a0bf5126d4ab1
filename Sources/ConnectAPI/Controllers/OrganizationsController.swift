import ConnectCore
import Foundation
import Hummingbird

/// `GET` and `PATCH /api/organizations/{id}`, for members of that organization only.
struct OrganizationsController: Sendable {
    typealias Context = ConnectRequestContext

    let organizations: OrganizationRepository
    let matches: MatchService

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("organizations/{id}", use: detail)
        group.patch("organizations/{id}", use: update)
    }

    /// The id, when it is the caller's own organization; 403 otherwise.
    private func ownedID(_ context: Context) throws -> UUID {
        let identity = try context.requireIdentity()
        let id = try context.parameters.requireID("id")
        guard identity.organizationID == id else { throw APIError.forbidden("You can only access your own organization") }
        return id
    }

    @Sendable func detail(_ request: Request, context: Context) async throws -> Schemas.OrganizationEnvelope {
        let id = try ownedID(context)
        guard let organization = try await organizations.find(id) else { throw APIError.notFound("No organization with id \(id)") }
        return Schemas.OrganizationEnvelope(organization: Schemas.Organization(organization))
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> Schemas.OrganizationEnvelope {
        let id = try ownedID(context)
        let patch = try await request.decodeJSON(as: Schemas.OrganizationPatch.self, context: context)
        guard let current = try await organizations.find(id) else { throw APIError.notFound("No organization with id \(id)") }
        let changed = try patch.applied(to: current)
        guard let stored = try await organizations.update(changed) else { throw APIError.notFound("No organization with id \(id)") }
        await matches.profileChanged(organizationID: id)
        return Schemas.OrganizationEnvelope(organization: Schemas.Organization(stored))
    }
}
