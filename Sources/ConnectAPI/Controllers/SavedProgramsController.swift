import ConnectCore
import Foundation
import Hummingbird

/// `POST` and `DELETE /api/programs/{id}/save` (idempotent) and `GET /api/programs/saved`.
struct SavedProgramsController: Sendable {
    typealias Context = ConnectRequestContext

    let saved: SavedProgramRepository
    /// Saving and unsaving go through it: they change the organization's match lists.
    let matches: MatchService

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("programs/{id}/save", use: save)
        group.delete("programs/{id}/save", use: unsave)
        group.get("programs/saved", use: list)
    }

    @Sendable func save(_ request: Request, context: Context) async throws -> Schemas.SaveResult {
        let identity = try context.requireIdentity()
        let id = try context.parameters.requireID("id")
        guard try await matches.saveProgram(id, userID: identity.userID, organizationID: identity.organizationID) else {
            throw APIError.notFound("No funding program with id \(id)")
        }
        return Schemas.SaveResult(programId: id.uuidString, saved: true)
    }

    @Sendable func unsave(_ request: Request, context: Context) async throws -> Schemas.SaveResult {
        let identity = try context.requireIdentity()
        let id = try context.parameters.requireID("id")
        try await matches.unsaveProgram(id, userID: identity.userID, organizationID: identity.organizationID)
        return Schemas.SaveResult(programId: id.uuidString, saved: false)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Schemas.SavedPrograms {
        let identity = try context.requireIdentity()
        let items = try await saved.list(userID: identity.userID)
        return Schemas.SavedPrograms(programs: items.map { .init(program: Schemas.Program($0.program), savedAt: $0.savedAt) }, total: items.count)
    }
}
