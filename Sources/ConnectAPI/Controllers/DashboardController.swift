import ConnectCore
import Foundation
import Hummingbird

/// `GET /api/dashboard`: the caller's organization, match counts by status, saved programs and
/// the nearest deadlines among its matches; cached with the organization's match lists
/// (``MatchService/dashboard(organizationID:userID:build:)``), `X-Cache: HIT|MISS`.
struct DashboardController: Sendable {
    typealias Context = ConnectRequestContext

    let organizations: OrganizationRepository
    let matches: MatchService
    let saved: SavedProgramRepository

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("dashboard", use: dashboard)
    }

    @Sendable func dashboard(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let organizationID = identity.organizationID else {
            let savedCount = try await saved.count(userID: identity.userID)
            return try MatchesController.json(Self.empty(savedPrograms: savedCount), cache: "MISS")
        }
        let (bytes, cached) = try await matches.dashboard(organizationID: organizationID, userID: identity.userID) {
            let dashboard = try await read(organizationID: organizationID, userID: identity.userID)
            // Cached until its first deadline passes (the list holds deadlines still ahead).
            return (Array(try JSONEncoder.api.encode(dashboard)), dashboard.upcomingDeadlines.compactMap(\.deadline).min())
        }
        return MatchesController.response(bytes, cache: cached ? "HIT" : "MISS")
    }

    private func read(organizationID: UUID, userID: UUID) async throws -> Schemas.Dashboard {
        // The four statements are independent: sent together, they share one round trip on the
        // pipelined connections instead of waiting for one another.
        async let savedCountRead = saved.count(userID: userID)
        async let organizationRead = organizations.find(organizationID)
        async let countsRead = matches.counts(organizationID: organizationID)
        async let upcomingRead = matches.upcomingDeadlines(organizationID: organizationID, limit: 5)
        let (savedCount, found, counts, upcoming) = try await (savedCountRead, organizationRead, countsRead, upcomingRead)
        guard let organization = found else { return Self.empty(savedPrograms: savedCount) }
        return Schemas.Dashboard(
            organization: Schemas.Organization(organization),
            matches: .init(total: counts.total, new: counts.new, viewed: counts.viewed, saved: counts.saved),
            savedPrograms: savedCount,
            upcomingDeadlines: upcoming.map {
                .init(matchId: $0.matchID.uuidString, programId: $0.programID.uuidString, title: $0.title, agency: $0.agency, deadline: $0.deadline, score: $0.score)
            })
    }

    private static func empty(savedPrograms: Int) -> Schemas.Dashboard {
        Schemas.Dashboard(organization: nil, matches: .init(total: 0, new: 0, viewed: 0, saved: 0), savedPrograms: savedPrograms, upcomingDeadlines: [])
    }
}
