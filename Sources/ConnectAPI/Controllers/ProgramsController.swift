import ConnectCore
import Foundation
import Hummingbird

/// `GET /api/funding-programs` (search, filters, pagination), `/stats` and `/{id}`. Public.
struct ProgramsController<Context: RequestContext>: Sendable {
    let programs: ProgramRepository

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("funding-programs", use: list)
        group.get("funding-programs/stats", use: statistics)
        group.get("funding-programs/{id}", use: detail)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> ProgramListResponse {
        let query = QueryReader(request)
        let search = ProgramSearch(
            keyword: try query.string("keyword", maxLength: 100),
            agency: try query.string("agency", maxLength: 20)?.uppercased(),
            trl: try query.int("trl", in: 1...9),
            status: try query.choice("status", default: FundingProgram.Status.active),
            page: try query.int("page", in: 1...100_000, default: 1)!,
            limit: try query.int("limit", in: 1...100, default: 20)!)
        let page = try await programs.list(search)
        return ProgramListResponse(programs: page.items.map(ProgramResponse.init), pagination: PaginationResponse(page))
    }

    @Sendable func detail(_ request: Request, context: Context) async throws -> ProgramDetailResponse {
        let id = try context.parameters.requireID("id")
        guard let program = try await programs.find(id) else { throw APIError.notFound("No funding program with id \(id)") }
        return ProgramDetailResponse(program: ProgramResponse(program))
    }

    @Sendable func statistics(_ request: Request, context: Context) async throws -> ProgramStatisticsResponse {
        let statistics = try await programs.statistics()
        return ProgramStatisticsResponse(
            totalPrograms: statistics.totalPrograms, activePrograms: statistics.activePrograms,
            totalAgencies: statistics.totalAgencies, byAgency: statistics.byAgency)
    }
}

extension Parameters {
    /// A UUID path parameter; anything else is a 400 `invalid_id`.
    func requireID(_ name: String) throws -> UUID {
        guard let text = get(name), let id = UUID(uuidString: text) else {
            throw APIError.badRequest("Path parameter '\(name)' must be a UUID", code: "invalid_id")
        }
        return id
    }
}
