import ConnectCore
import Foundation
import Hummingbird

/// `GET /api/matches` (cached per organization), `GET` and `PATCH /api/matches/{id}`.
/// Only the caller's organization's matches exist for them: any other id is a 404.
struct MatchesController: Sendable {
    typealias Context = ConnectRequestContext

    let matches: MatchService

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("matches", use: list)
        group.get("matches/{id}", use: detail)
        group.patch("matches/{id}", use: update)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = QueryReader(request)
        let status: MatchStatusFilter? = try query.choice("status")
        let page = try query.int("page", in: 1...100_000, default: 1)!
        let limit = try query.int("limit", in: 1...100, default: 20)!
        if let requested = try query.uuid("organizationId") {
            guard requested == identity.organizationID, identity.organizationID != nil else {
                throw APIError.forbidden("organizationId must be your own organization")
            }
        }
        guard let organizationID = identity.organizationID else {
            return try Self.json(Schemas.MatchList(matches: [], pagination: Schemas.Pagination(Page<MatchRecord>(items: [], page: page, limit: limit, total: 0))), cache: "MISS")
        }
        let (bytes, cached) = try await matches.listPage(organizationID: organizationID, status: status, page: page, limit: limit) { result in
            Array(buffer: Schemas.MatchList(matches: result.items.map(Schemas.Match.init), pagination: Schemas.Pagination(result)).json)
        }
        return Self.response(bytes, cache: cached ? "HIT" : "MISS")
    }

    @Sendable func detail(_ request: Request, context: Context) async throws -> Schemas.MatchEnvelope {
        let identity = try context.requireIdentity()
        let id = try context.parameters.requireID("id")
        guard let organizationID = identity.organizationID,
            let record = try await matches.view(id, organizationID: organizationID)
        else { throw APIError.notFound("No match with id \(id)") }
        return Schemas.MatchEnvelope(match: Schemas.Match(record))
    }

    @Sendable func update(_ request: Request, context: Context) async throws -> Schemas.MatchEnvelope {
        let identity = try context.requireIdentity()
        let id = try context.parameters.requireID("id")
        let input = try await request.decodeJSON(as: Schemas.MatchUpdateRequest.self, context: context)
        guard let organizationID = identity.organizationID,
            let record = try await matches.setSaved(id, organizationID: organizationID, userID: identity.userID, saved: input.saved)
        else { throw APIError.notFound("No match with id \(id)") }
        return Schemas.MatchEnvelope(match: Schemas.Match(record))
    }

    static func response(_ bytes: [UInt8], cache: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json", .xCache: cache],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json(_ value: some Encodable, cache: String) throws -> Response {
        response(Array(try JSONEncoder.api.encode(value)), cache: cache)
    }
}
