import ConnectAPI
import ConnectCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresClient
import Testing
import TestSupport

/// `GET /api/matches/{id}/explanation`: offline answers, the cache, one model call per cold key,
/// the per-user limit, and owner scoping.
@Suite struct ExplanationRoutesTests {
    struct Reply: Decodable {
        struct Body: Decodable {
            var summary: String
            var reasons: [String]
            var cautions: [String]
            var recommendation: String
        }
        struct Metadata: Decodable {
            struct Usage: Decodable { var inputTokens: Int; var outputTokens: Int }
            var usage: Usage
            var cached: Bool
            var source: String
            var model: String
            var cost: Double
            var responseTime: Int
        }
        struct Match: Decodable {
            var score: Int
            var programTitle: String
            var agency: String
        }
        var matchId: UUID
        var explanation: Body
        var metadata: Metadata
        var match: Match
    }

    static func firstMatch(_ client: some TestClientProtocol, _ token: String, index: Int = 0) async throws -> UUID {
        try await MatchesRoutesTests.list(client, token).0.matches[index].id
    }

    static func explain(_ client: some TestClientProtocol, _ token: String, _ id: UUID, _ query: String = "") async throws -> (Reply, HTTPFields) {
        try await client.execute(uri: "/api/matches/\(id)/explanation" + query, method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            return (try decodeJSON(Reply.self, response.body), response.headers)
        }
    }

    @Test func coldThenCachedInKoreanAndEnglish() async throws {
        try await TestApp.runIsolated { client, _, _ in
            let token = try await client.login("demo@connectplt.kr")
            let id = try await Self.firstMatch(client, token)
            let (cold, coldHeaders) = try await Self.explain(client, token, id)
            #expect(coldHeaders[HTTPField.Name("X-Cache")!] == "MISS")
            #expect(coldHeaders[HTTPField.Name("X-Circuit-State")!] == "closed")
            #expect(!cold.metadata.cached && cold.metadata.source == "local")
            #expect(cold.explanation.summary.contains("\(cold.match.score)점"))
            #expect(cold.explanation.summary.contains(cold.match.programTitle))
            #expect(!cold.explanation.reasons.isEmpty && !cold.explanation.recommendation.isEmpty)

            let (warm, warmHeaders) = try await Self.explain(client, token, id)
            #expect(warmHeaders[HTTPField.Name("X-Cache")!] == "HIT")
            #expect(warm.metadata.cached)
            #expect(warm.explanation.summary == cold.explanation.summary)

            let (english, englishHeaders) = try await Self.explain(client, token, id, "?lang=en")
            #expect(englishHeaders[HTTPField.Name("X-Cache")!] == "MISS")
            #expect(english.explanation.summary.contains("scores \(english.match.score)/100"))

            // Viewing through the explanation marks the match viewed.
            #expect(try await MatchesRoutesTests.list(client, token, "?status=viewed").0.matches.map(\.id) == [id])
            try await client.execute(uri: "/api/matches/\(id)/explanation?lang=fr", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .unprocessableContent)
            }
        }
    }

    @Test func concurrentFirstViewingsMarkTheMatchOnceAndLaterOnesLeaveIt() async throws {
        try await TestApp.runIsolated { client, dependencies, _ in
            let token = try await client.login("demo@connectplt.kr")
            let id = try #require(try await MatchesRoutesTests.list(client, token, "?status=new").0.matches.first?.id)
            let viewedAt: @Sendable () async throws -> Date? = {
                try await dependencies.database.query("SELECT viewed_at FROM funding_matches WHERE id = \(id)").first?.decode(Date?.self, at: 0)
            }
            #expect(try await viewedAt() == nil)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { _ = try await Self.explain(client, token, id) } }
                try await group.waitForAll()
            }
            let first = try #require(try await viewedAt())
            #expect(try await MatchesRoutesTests.list(client, token, "?status=viewed").0.matches.map(\.id).contains(id))
            let (again, headers) = try await Self.explain(client, token, id)
            #expect(headers[HTTPField.Name("X-Cache")!] == "HIT")
            #expect(again.matchId == id && again.match.score > 0 && !again.match.agency.isEmpty)
            #expect(try await viewedAt() == first)
        }
    }

    @Test func fiftyConcurrentColdRequestsMakeOneModelCall() async throws {
        try await TestApp.runIsolated(configure: { $0.aiRateLimitPerMinute = 1000 }) { client, dependencies, _ in
            let token = try await client.login("loadtest+5@connectplt.kr")
            let id = try await Self.firstMatch(client, token)
            let summaries = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<50 { group.addTask { try await Self.explain(client, token, id).0.explanation.summary } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(summaries.count == 1)
            await dependencies.usage.flush()
            let calls = try await dependencies.database.query(
                "SELECT count(*) FILTER (WHERE NOT cache_hit), count(*) FROM ai_usage WHERE kind = 'MATCH_EXPLANATION'"
            ).first!.decode((Int, Int).self)
            #expect(calls.0 == 1)
            #expect(calls.1 == 50)
        }
    }

    @Test func perUserLimitAppliesToModelCalls() async throws {
        try await TestApp.runIsolated(configure: { $0.aiRateLimitPerMinute = 2 }) { client, _, _ in
            let token = try await client.login("loadtest+6@connectplt.kr")
            let listing = try await MatchesRoutesTests.list(client, token).0
            _ = try await Self.explain(client, token, listing.matches[0].id)
            _ = try await Self.explain(client, token, listing.matches[1].id)
            // A cached answer needs no model call and is not limited.
            _ = try await Self.explain(client, token, listing.matches[0].id)
            try await client.execute(uri: "/api/matches/\(listing.matches[2].id)/explanation", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] != nil)
                #expect(response.headers[HTTPField.Name("X-RateLimit-Limit")!] == "2")
                #expect(response.headers[HTTPField.Name("X-RateLimit-Remaining")!] == "0")
            }
        }
    }

    @Test func oneUsersLimitNeverAnswersAnotherOfTheSameOrganization() async throws {
        try await TestApp.runIsolated(configure: { $0.aiRateLimitPerMinute = 1 }) { client, dependencies, _ in
            // A second user of loadtest+8's organization.
            let users = UserRepository(database: dependencies.database)
            let colleague = try await users.create(email: "colleague-\(UUID().uuidString.prefix(8))@connectplt.kr", name: "동료", passwordHash: PasswordHasher(cost: 4).hash("Connect!2026"))
            try await dependencies.database.query("""
                UPDATE users SET organization_id = (SELECT organization_id FROM users WHERE email = 'loadtest+8@connectplt.kr')
                WHERE id = \(colleague.id)
                """)
            let first = try await client.login("loadtest+8@connectplt.kr")
            let second = try await client.login(colleague.email)
            let matches = try await MatchesRoutesTests.list(client, first).0.matches
            // The first user spends their one uncached explanation.
            _ = try await Self.explain(client, first, matches[0].id)
            // Both ask for the same cold explanation at once: whoever leads the shared model call,
            // the first user is refused by their own limit and the colleague is answered.
            let match = matches[1].id
            async let refused = client.execute(
                uri: "/api/matches/\(match)/explanation", method: .get, headers: [.authorization: "Bearer \(first)"]) { $0.status }
            async let answered = client.execute(
                uri: "/api/matches/\(match)/explanation", method: .get, headers: [.authorization: "Bearer \(second)"]) { $0.status }
            #expect(try await refused == .tooManyRequests)
            #expect(try await answered == .ok)
        }
    }

    @Test func anotherOrganizationsMatchIsNotFound() async throws {
        try await TestApp.runIsolated { client, _, _ in
            let owner = try await client.login("loadtest+7@connectplt.kr")
            let intruder = try await client.login("demo@connectplt.kr")
            let id = try await Self.firstMatch(client, owner)
            try await client.execute(uri: "/api/matches/\(id)/explanation", method: .get, headers: [.authorization: "Bearer \(intruder)"]) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
