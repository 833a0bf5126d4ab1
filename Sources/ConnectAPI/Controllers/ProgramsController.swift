import ConnectCore
import Foundation
import Hummingbird

/// `GET /api/funding-programs` (search, filters, pagination), `/stats` and `/{id}`. Public.
struct ProgramsController<Context: RequestContext>: Sendable {
    let programs: ProgramRepository
    /// Listings by query, for a minute: the catalogue changes only when programs are seeded or imported.
    let cache: RedisCache

    /// All listings share one cache owner.
    static var catalogue: UUID { UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)) }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("funding-programs", use: list)
        group.get("funding-programs/stats", use: statistics)
        group.get("funding-programs/{id}", use: detail)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let query = QueryReader(request)
        let search = ProgramSearch(
            keyword: try query.string("keyword", maxLength: 100),
            agency: try query.string("agency", maxLength: 20)?.uppercased(),
            trl: try query.int("trl", in: 1...9),
            status: try query.choice("status", default: FundingProgram.Status.active),
            page: try query.int("page", in: 1...100_000, default: 1)!,
            limit: try query.int("limit", in: 1...100, default: 20)!)
        let entry = [search.keyword?.lowercased() ?? "", search.agency ?? "", search.trl.map(String.init) ?? "",
                     search.status?.rawValue ?? "", String(search.page), String(search.limit)].joined(separator: "|")
        let cached = await cache.get(owner: Self.catalogue, entry: entry)
        if let bytes = cached.bytes {
            return MatchesController.response(bytes, cache: "HIT")
        }
        let page = try await programs.list(search)
        let bytes = Array(buffer: Schemas.ProgramList(programs: page.items.map(Schemas.Program.init), pagination: Schemas.Pagination(page)).json)
        await cache.set(owner: Self.catalogue, entry: entry, bytes: bytes, generation: cached.generation)
        return MatchesController.response(bytes, cache: "MISS")
    }

    @Sendable func detail(_ request: Request, context: Context) async throws -> Schemas.ProgramEnvelope {
        let id = try context.parameters.requireID("id")
        guard let program = try await programs.find(id) else { throw APIError.notFound("No funding program with id \(id)") }
        return Schemas.ProgramEnvelope(program: Schemas.Program(program))
    }

    @Sendable func statistics(_ request: Request, context: Context) async throws -> Schemas.ProgramStats {
        let statistics = try await programs.statistics()
        return Schemas.ProgramStats(
            totalPrograms: statistics.totalPrograms, activePrograms: statistics.activePrograms,
            totalAgencies: statistics.totalAgencies, byAgency: .init(additionalProperties: statistics.byAgency))
    }
}
