import ConnectCore
import Foundation
import Hummingbird

/// `GET /api/dashboard`: the caller's organization, match counts by status, saved programs and
/// the nearest deadlines among its matches.
struct DashboardController: Sendable {
    typealias Context = ConnectRequestContext

    let organizations: OrganizationRepository
    let matches: MatchRepository
    let saved: SavedProgramRepository

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("dashboard", use: dashboard)
    }

    struct DashboardResponse: ResponseEncodable {
        struct Counts: Encodable {
            var total: Int
            var new: Int
            var viewed: Int
            var saved: Int
        }
        struct Deadline: Encodable {
            var matchId: UUID
            var programId: UUID
            var title: String
            var agency: String
            var deadline: Date?
            var score: Int
        }
        var organization: OrganizationResponse?
        var matches: Counts
        var savedPrograms: Int
        var upcomingDeadlines: [Deadline]
    }

    @Sendable func dashboard(_ request: Request, context: Context) async throws -> DashboardResponse {
        let identity = try context.requireIdentity()
        let savedCount = try await saved.count(userID: identity.userID)
        guard let organizationID = identity.organizationID, let organization = try await organizations.find(organizationID) else {
            return DashboardResponse(organization: nil, matches: .init(total: 0, new: 0, viewed: 0, saved: 0), savedPrograms: savedCount, upcomingDeadlines: [])
        }
        let counts = try await matches.counts(organizationID: organizationID)
        let upcoming = try await matches.upcomingDeadlines(organizationID: organizationID, limit: 5)
        return DashboardResponse(
            organization: OrganizationResponse(organization),
            matches: .init(total: counts.total, new: counts.new, viewed: counts.viewed, saved: counts.saved),
            savedPrograms: savedCount,
            upcomingDeadlines: upcoming.map {
                .init(matchId: $0.matchID, programId: $0.programID, title: $0.title, agency: $0.agency, deadline: $0.deadline, score: $0.score)
            })
    }
}
