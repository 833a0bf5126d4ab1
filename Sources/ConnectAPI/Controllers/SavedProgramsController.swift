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

    struct SaveResponse: ResponseEncodable {
        var programId: UUID
        var saved: Bool
    }

    struct SavedListResponse: ResponseEncodable {
        struct Item: Encodable {
            var program: ProgramResponse
            var savedAt: Date
        }
        var programs: [Item]
        var total: Int
    }

    @Sendable func save(_ request: Request, context: Context) async throws -> SaveResponse {
        let identity = try context.requireIdentity()
        let id = try context.parameters.requireID("id")
        guard try await matches.saveProgram(id, userID: identity.userID, organizationID: identity.organizationID) else {
            throw APIError.notFound("No funding program with id \(id)")
        }
        return SaveResponse(programId: id, saved: true)
    }

    @Sendable func unsave(_ request: Request, context: Context) async throws -> SaveResponse {
        let identity = try context.requireIdentity()
        let id = try context.parameters.requireID("id")
        try await matches.unsaveProgram(id, userID: identity.userID, organizationID: identity.organizationID)
        return SaveResponse(programId: id, saved: false)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> SavedListResponse {
        let identity = try context.requireIdentity()
        let items = try await saved.list(userID: identity.userID)
        return SavedListResponse(programs: items.map { .init(program: ProgramResponse($0.program), savedAt: $0.savedAt) }, total: items.count)
    }
}
