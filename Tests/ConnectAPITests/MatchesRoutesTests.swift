import ConnectAPI
@testable import ConnectCore
import DevStack
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresClient
import RedisClient
import Synchronization
import Testing
import TestSupport

/// Matches, saved programs, organizations, feedback and the dashboard, each on a fresh database.
@Suite struct MatchesRoutesTests {
    struct Match: Decodable {
        struct Program: Decodable {
            var id: UUID
            var title: String
        }
        var id: UUID
        var program: Program
        var score: Int
        var eligibility: String
        var viewed: Bool
        var saved: Bool
    }

    struct Listing: Decodable {
        var matches: [Match]
        var pagination: ProgramsRoutesTests.Pagination
    }

    struct Detail: Decodable { var match: Match }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    static func list(_ client: some TestClientProtocol, _ token: String, _ query: String = "") async throws -> (Listing, String?) {
        try await client.execute(uri: "/api/matches" + query, method: .get, headers: bearer(token)) { response in
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            return (try decodeJSON(Listing.self, response.body), response.headers[HTTPField.Name("X-Cache")!])
        }
    }

    /// `PATCH /api/matches/{id}` `{"saved":true}`, answered with the match saved.
    static func save(_ client: some TestClientProtocol, _ token: String, _ id: UUID) async throws {
        try await client.execute(
            uri: "/api/matches/\(id)", method: .patch, headers: bearer(token), body: ByteBuffer(string: #"{"saved":true}"#)
        ) { response in
            #expect(response.status == .ok)
            let decoded = try decodeJSON(Detail.self, response.body)
            #expect(decoded.match.saved)
        }
    }

    /// The demo user's organization and the shared-read key of its first match-list page of `limit`.
    static func demoPage(
        _ client: some TestClientProtocol, _ dependencies: PlatformDependencies, limit: Int
    ) async throws -> (organizationID: UUID, key: String) {
        _ = try await client.login("demo@connectplt.kr")
        let organizationID = try #require(try await dependencies.database.query(
            "SELECT organization_id FROM users WHERE email = 'demo@connectplt.kr'").first?.decode(UUID?.self, at: 0))
        let generation = try await dependencies.cache.command("HGET", "cache:matches:\(organizationID.uuidString.lowercased())", "g").string
        return (organizationID, "\(organizationID)|all|1|\(limit)|\(generation ?? "0")")
    }

    /// Ten requests that miss one page at once read it once; a request after a write never
    /// joins a read from before it (the generation is part of the flight's key).
    @Test func concurrentMissesOfOnePageShareOneRead() async throws {
        try await TestApp.runIsolated { client, dependencies, _ in
            let (organizationID, key) = try await Self.demoPage(client, dependencies, limit: 7)
            let service = dependencies.matches
            final class Count: Sendable { let value = Mutex(0) }
            let encodes = Count()
            // The table is locked until all ten have asked, so the first read waits for the others.
            try await dependencies.database.withConnection { connection in
                try await connection.query("BEGIN")
                try await connection.query("LOCK TABLE funding_matches IN ACCESS EXCLUSIVE MODE")
                let pages = Task {
                    try await withThrowingTaskGroup(of: [UInt8].self) { group in
                        for _ in 0..<10 {
                            group.addTask {
                                try await service.listPage(organizationID: organizationID, status: nil, page: 1, limit: 7) { page in
                                    encodes.value.withLock { $0 += 1 }
                                    return Array(page.items.map(\.id.uuidString).joined(separator: ",").utf8)
                                }.bytes
                            }
                        }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                }
                let deadline = ContinuousClock.now + .seconds(20)
                while service.rebuilds.waiters(for: key) < 9, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
                try await connection.query("COMMIT")
                let results = try await pages.value
                #expect(results.count == 10 && Set(results).count == 1 && !results[0].isEmpty)
            }
            #expect(encodes.value.withLock { $0 } == 1)
        }
    }

    @Test func listIsCachedAndViewingMovesAMatchFromNewToViewed() async throws {
        try await TestApp.runIsolated { client, _, _ in
            let token = try await client.login("loadtest+0@connectplt.kr")
            let (first, miss) = try await Self.list(client, token)
            #expect(miss == "MISS")
            #expect(first.matches.count == 8 && first.pagination.total == 8)
            #expect(first.matches.map(\.score) == first.matches.map(\.score).sorted(by: >))
            let (again, hit) = try await Self.list(client, token)
            #expect(hit == "HIT")
            #expect(again.matches.map(\.id) == first.matches.map(\.id))

            let target = first.matches[2]
            try await client.execute(uri: "/api/matches/\(target.id)", method: .get, headers: Self.bearer(token)) { response in
                #expect(response.status == .ok)
                let decoded = try decodeJSON(Detail.self, response.body)
                #expect(decoded.match.viewed)
            }
            let (viewed, afterView) = try await Self.list(client, token, "?status=viewed")
            #expect(afterView == "MISS")
            #expect(viewed.matches.map(\.id) == [target.id])
            #expect(try await Self.list(client, token, "?status=new").0.pagination.total == 7)
        }
    }

    @Test func savingIsIdempotentAndMirrorsSavedPrograms() async throws {
        try await TestApp.runIsolated { client, _, _ in
            let token = try await client.login("loadtest+1@connectplt.kr")
            let target = try #require(try await Self.list(client, token).0.matches.first)
            for _ in 0..<2 { try await Self.save(client, token, target.id) }
            #expect(try await Self.list(client, token, "?status=saved").0.matches.map(\.id) == [target.id])
            struct Saved: Decodable {
                struct Item: Decodable { var program: Match.Program }
                var programs: [Item]
                var total: Int
            }
            try await client.execute(uri: "/api/programs/saved", method: .get, headers: Self.bearer(token)) { response in
                let saved = try decodeJSON(Saved.self, response.body)
                #expect(saved.programs.map(\.program.id) == [target.program.id])
            }
            // Unsaving through the program route clears the match too.
            for _ in 0..<2 {
                try await client.execute(uri: "/api/programs/\(target.program.id)/save", method: .delete, headers: Self.bearer(token)) { response in
                    #expect(response.status == .ok)
                }
            }
            #expect(try await Self.list(client, token, "?status=saved").0.pagination.total == 0)
            try await client.execute(uri: "/api/programs/\(UUID())/save", method: .post, headers: Self.bearer(token)) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/matches/\(target.id)", method: .patch, headers: Self.bearer(token), body: ByteBuffer(string: #"{"saved":"yes"}"#)) { response in
                #expect(response.status == .unprocessableContent)
            }
        }
    }

    /// A request that joined a shared read whose leader is cancelled reads the page itself.
    @Test func aCancelledLeaderLeavesTheRequestsThatJoinedItTheirOwnRead() async throws {
        try await TestApp.runIsolated { client, dependencies, _ in
            let (organizationID, key) = try await Self.demoPage(client, dependencies, limit: 5)
            let service = dependencies.matches
            let page = { @Sendable () async throws -> [UInt8] in
                try await service.listPage(organizationID: organizationID, status: nil, page: 1, limit: 5) { page in
                    Array(page.items.map(\.id.uuidString).joined(separator: ",").utf8)
                }.bytes
            }
            try await dependencies.database.withConnection { connection in
                try await connection.query("BEGIN")
                try await connection.query("LOCK TABLE funding_matches IN ACCESS EXCLUSIVE MODE")
                let leader = Task { try await page() }
                let deadline = ContinuousClock.now + .seconds(20)
                while service.rebuilds.inFlight == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
                let follower = Task { try await page() }
                while service.rebuilds.waiters(for: key) < 1, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
                leader.cancel()
                await #expect(throws: (any Error).self) { try await leader.value }
                try await connection.query("COMMIT")
                #expect(try await !follower.value.isEmpty)
            }
        }
    }

    /// A save that changes the match drops the organization's cached lists; one that changes
    /// nothing (saved again, or its program saved when the match already is) leaves them cached.
    @Test func onlyASaveThatChangesTheMatchDropsTheCachedLists() async throws {
        try await TestApp.runIsolated { client, _, _ in
            let token = try await client.login("loadtest+3@connectplt.kr")
            let target = try #require(try await Self.list(client, token).0.matches.first)
            #expect(try await Self.list(client, token).1 == "HIT")
            let save = { @Sendable () async throws in try await Self.save(client, token, target.id) }
            try await save()
            let (changed, afterChange) = try await Self.list(client, token)
            #expect(afterChange == "MISS")
            #expect(changed.matches.first { $0.id == target.id }?.saved == true)
            try await save()
            #expect(try await Self.list(client, token).1 == "HIT")
            try await client.execute(uri: "/api/programs/\(target.program.id)/save", method: .post, headers: Self.bearer(token)) { response in
                #expect(response.status == .ok || response.status == .created)
            }
            #expect(try await Self.list(client, token).1 == "HIT")
            // Unsaving the program changes the match: the lists are read again and show it.
            try await client.execute(uri: "/api/programs/\(target.program.id)/save", method: .delete, headers: Self.bearer(token)) { response in
                #expect(response.status == .ok)
            }
            let (unsaved, afterUnsave) = try await Self.list(client, token)
            #expect(afterUnsave == "MISS")
            #expect(unsaved.matches.first { $0.id == target.id }?.saved == false)
            try await client.execute(uri: "/api/programs/\(target.program.id)/save", method: .delete, headers: Self.bearer(token)) { response in
                #expect(response.status == .ok)
            }
            #expect(try await Self.list(client, token).1 == "HIT")
        }
    }

    @Test func anotherOrganizationsDataIsNeverReachable() async throws {
        try await TestApp.runIsolated { client, dependencies, _ in
            let owner = try await client.login("loadtest+2@connectplt.kr")
            let intruder = try await client.login("demo@connectplt.kr")
            let target = try #require(try await Self.list(client, owner).0.matches.first)
            try await client.execute(uri: "/api/matches/\(target.id)", method: .get, headers: Self.bearer(intruder)) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(
                uri: "/api/matches/\(target.id)", method: .patch, headers: Self.bearer(intruder), body: ByteBuffer(string: #"{"saved":true}"#)
            ) { response in
                #expect(response.status == .notFound)
            }
            let stored = try await dependencies.database.query("SELECT viewed, saved FROM funding_matches WHERE id = \(target.id)").first!
            #expect(try stored.decode((Bool, Bool).self) == (false, false))

            struct Me: Decodable { struct User: Decodable { var organizationId: UUID? }; var user: User }
            let ownerOrganization = try await client.execute(uri: "/api/auth/me", method: .get, headers: Self.bearer(owner)) { response in
                try decodeJSON(Me.self, response.body).user.organizationId
            }
            let organizationID = try #require(ownerOrganization)
            try await client.execute(uri: "/api/matches?organizationId=\(organizationID)", method: .get, headers: Self.bearer(intruder)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/organizations/\(organizationID)", method: .get, headers: Self.bearer(intruder)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "/api/organizations/\(organizationID)", method: .patch, headers: Self.bearer(intruder),
                body: ByteBuffer(string: #"{"name":"탈취"}"#)
            ) { response in
                #expect(response.status == .forbidden)
            }
            let name = try await dependencies.database.query("SELECT name FROM organizations WHERE id = \(organizationID)").first!.decode(String.self, at: 0)
            #expect(name != "탈취")
            try await client.execute(uri: "/api/matches", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func organizationPatchValidatesAndInvalidatesCachedMatches() async throws {
        try await TestApp.runIsolated { client, dependencies, _ in
            let token = try await client.login("loadtest+3@connectplt.kr")
            struct Me: Decodable { struct User: Decodable { var organizationId: UUID? }; var user: User }
            let organizationID = try #require(try await client.execute(uri: "/api/auth/me", method: .get, headers: Self.bearer(token)) { response in
                try decodeJSON(Me.self, response.body).user.organizationId
            })
            _ = try await Self.list(client, token)
            #expect(try await Self.list(client, token).1 == "HIT")

            struct Envelope: Decodable {
                struct Organization: Decodable {
                    var name: String
                    var technologyReadinessLevel: Int?
                    var keyTechnologies: [String]
                }
                var organization: Organization
            }
            try await client.execute(
                uri: "/api/organizations/\(organizationID)", method: .patch, headers: Self.bearer(token),
                body: ByteBuffer(string: #"{"technologyReadinessLevel":6,"keyTechnologies":["AI","반도체"]}"#)
            ) { response in
                #expect(response.status == .ok)
                let organization = try decodeJSON(Envelope.self, response.body).organization
                #expect(organization.technologyReadinessLevel == 6)
                #expect(organization.keyTechnologies == ["AI", "반도체"])
            }
            #expect(try await Self.list(client, token).1 == "MISS")
            let version = try await dependencies.database.query("SELECT data_version FROM organizations WHERE id = \(organizationID)").first!.decode(Int.self, at: 0)
            #expect(version == 2)

            for body in [#"{"technologyReadinessLevel":12}"#, #"{"employeeCount":"MANY"}"#, #"{"name":""}"#, #"{"rdExperience":"yes"}"#] {
                try await client.execute(uri: "/api/organizations/\(organizationID)", method: .patch, headers: Self.bearer(token), body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .unprocessableContent, "\(body)")
                }
            }
            try await client.execute(uri: "/api/organizations/\(organizationID)", method: .get, headers: Self.bearer(token)) { response in
                let decoded = try decodeJSON(Envelope.self, response.body)
                #expect(decoded.organization.technologyReadinessLevel == 6)
            }
            #expect(try await dependencies.database.query("SELECT data_version FROM organizations WHERE id = \(organizationID)").first!.decode(Int.self, at: 0) == 2)
        }
    }

    @Test func feedbackIsCreatedThenUpdated() async throws {
        try await TestApp.runIsolated { client, _, _ in
            let token = try await client.login("demo@connectplt.kr")
            let body = #"{"serviceType":"MATCH_EXPLANATION","resourceId":"match-1","rating":"HELPFUL"}"#
            try await client.execute(uri: "/api/ai-feedback", method: .post, headers: Self.bearer(token), body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
            }
            try await client.execute(
                uri: "/api/ai-feedback", method: .post, headers: Self.bearer(token),
                body: ByteBuffer(string: body.replacingOccurrences(of: "HELPFUL", with: "NOT_HELPFUL"))
            ) { response in
                #expect(response.status == .ok)
            }
            let bad = #"{"serviceType":"MATCH_EXPLANATION","resourceId":"match-1","rating":"MEH"}"#
            try await client.execute(uri: "/api/ai-feedback", method: .post, headers: Self.bearer(token), body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .unprocessableContent)
                let decoded = try decodeJSON(ErrorBody.self, response.body)
                #expect(decoded.error.message == "Field 'rating' must be one of HELPFUL, NOT_HELPFUL", "the contract's values")
            }
        }
    }

    struct Dashboard: Decodable, Equatable {
        struct Counts: Decodable, Equatable { var total: Int; var new: Int; var viewed: Int; var saved: Int }
        struct Organization: Decodable, Equatable { var name: String }
        struct Deadline: Decodable, Equatable { var title: String; var deadline: Date? }
        var organization: Organization?
        var matches: Counts
        var savedPrograms: Int
        var upcomingDeadlines: [Deadline]
    }

    static func dashboard(_ client: some TestClientProtocol, _ token: String) async throws -> (Dashboard, String?) {
        try await client.execute(uri: "/api/dashboard", method: .get, headers: bearer(token)) { response in
            #expect(response.status == .ok)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return (try decoder.decode(Dashboard.self, from: Data(response.body.readableBytesView)), response.headers[HTTPField.Name("X-Cache")!])
        }
    }

    /// The dashboard is cached with the organization's lists, and every change it shows drops it:
    /// a program saved (not one of the matches: only the member's saved programs change), a match
    /// saved, a first view through the explanation, the profile, a program unsaved.
    @Test func theCachedDashboardFollowsEveryChangeItShows() async throws {
        try await TestApp.runIsolated { client, dependencies, _ in
            let token = try await client.login("demo@connectplt.kr")
            let (first, miss) = try await Self.dashboard(client, token)
            #expect(miss == "MISS")
            #expect(first.organization?.name == "(주)커넥트소프트")
            #expect(first.matches == .init(total: 5, new: 5, viewed: 0, saved: 0) && first.savedPrograms == 0)
            #expect(!first.upcomingDeadlines.isEmpty && first.upcomingDeadlines.count <= 5)
            #expect(first.upcomingDeadlines.compactMap(\.deadline) == first.upcomingDeadlines.compactMap(\.deadline).sorted())
            let (again, hit) = try await Self.dashboard(client, token)
            #expect(hit == "HIT" && again == first)

            func expectChanged(_ what: Comment, _ check: (Dashboard) -> Bool) async throws {
                let (now, state) = try await Self.dashboard(client, token)
                #expect(state == "MISS", what)
                #expect(check(now), what)
            }
            let organizationID = try #require(try await dependencies.database.query(
                "SELECT organization_id FROM users WHERE email = 'demo@connectplt.kr'").first?.decode(UUID?.self, at: 0))
            let unmatched = try #require(try await dependencies.database.query("""
                SELECT id FROM funding_programs WHERE id NOT IN (SELECT program_id FROM funding_matches WHERE organization_id = \(organizationID)) LIMIT 1
                """).first?.decode(UUID.self, at: 0))
            try await client.execute(uri: "/api/programs/\(unmatched)/save", method: .post, headers: Self.bearer(token)) { response in
                #expect(response.status == .ok || response.status == .created)
            }
            try await expectChanged("a program saved") { $0.savedPrograms == 1 && $0.matches.saved == 0 }
            let (listing, _) = try await Self.list(client, token)
            try await Self.save(client, token, listing.matches[0].id)
            try await expectChanged("a match saved") { $0.savedPrograms == 2 && $0.matches.saved == 1 }
            try await client.execute(uri: "/api/matches/\(listing.matches[1].id)/explanation", method: .get, headers: Self.bearer(token)) { response in
                #expect(response.status == .ok)
            }
            try await expectChanged("a match viewed") { $0.matches.viewed == 1 && $0.matches.new == 4 }
            try await client.execute(
                uri: "/api/organizations/\(organizationID)", method: .patch, headers: Self.bearer(token), body: ByteBuffer(string: #"{"name":"새 이름"}"#)
            ) { response in
                #expect(response.status == .ok)
            }
            try await expectChanged("the profile") { $0.organization?.name == "새 이름" }
            try await client.execute(uri: "/api/programs/\(unmatched)/save", method: .delete, headers: Self.bearer(token)) { response in
                #expect(response.status == .ok)
            }
            try await expectChanged("a program unsaved") { $0.savedPrograms == 1 }
            // Unsaving it again changes nothing: the cached dashboard stays.
            try await client.execute(uri: "/api/programs/\(unmatched)/save", method: .delete, headers: Self.bearer(token)) { response in
                #expect(response.status == .ok)
            }
            #expect(try await Self.dashboard(client, token).1 == "HIT")
        }
    }

    @Test func cacheOutageFallsBackToPostgres() async throws {
        try await TestApp.runIsolated { client, _, cache in
            let token = try await client.login("loadtest+4@connectplt.kr")
            try await cache.stop()
            let (listing, state) = try await Self.list(client, token)
            #expect(listing.matches.count == 8)
            #expect(state == "MISS")
            try await client.execute(uri: "/api/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }
}
