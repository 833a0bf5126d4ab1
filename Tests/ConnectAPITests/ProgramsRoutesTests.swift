import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /api/funding-programs…` over the seeded demo data.
@Suite struct ProgramsRoutesTests {
    struct Program: Decodable {
        var id: UUID
        var agency: String
        var title: String
        var keywords: [String]
        var minTrl: Int?
        var maxTrl: Int?
        var deadline: String?
        var status: String
    }

    struct Pagination: Decodable, Equatable {
        var page: Int
        var limit: Int
        var total: Int
        var totalPages: Int
    }

    struct Listing: Decodable {
        var programs: [Program]
        var pagination: Pagination
    }

    func list(_ client: some TestClientProtocol, _ query: String) async throws -> Listing {
        try await client.execute(uri: "/api/funding-programs" + query, method: .get) { response in
            #expect(response.status == .ok, "\(query): \(String(buffer: response.body))")
            return try decodeJSON(Listing.self, response.body)
        }
    }

    @Test func listsActiveProgramsNearestDeadlineFirst() async throws {
        try await TestApp.run { client, _ in
            let listing = try await list(client, "")
            #expect(listing.pagination == Pagination(page: 1, limit: 20, total: 14, totalPages: 1))
            #expect(listing.programs.count == 14)
            let deadlines = listing.programs.compactMap(\.deadline)
            #expect(deadlines == deadlines.sorted())
            #expect(listing.programs.allSatisfy { $0.status == "ACTIVE" })
        }
    }

    @Test(arguments: [
        ("스마트팜", ["스마트팜 기술 실증 지원사업"]),
        ("반도체", ["시스템반도체 핵심기술 개발"]),
        ("해양바이오", ["해양바이오 산업화 기술개발"]),
    ])
    func keywordSearchFindsKoreanWords(_ keyword: String, _ titles: [String]) async throws {
        try await TestApp.run { client, _ in
            let encoded = keyword.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let listing = try await list(client, "?keyword=\(encoded)")
            #expect(listing.programs.map(\.title).sorted() == titles.sorted())
        }
    }

    @Test func keywordSearchIsCaseInsensitiveForEnglish() async throws {
        try await TestApp.run { client, _ in
            let upper = try await list(client, "?keyword=AI&limit=100")
            let lower = try await list(client, "?keyword=ai&limit=100")
            #expect(upper.pagination.total >= 5)
            #expect(upper.programs.map(\.id) == lower.programs.map(\.id))
            #expect(try await list(client, "?keyword=%25").pagination.total == 0)  // '%' is literal
        }
    }

    @Test func filtersAndPagination() async throws {
        try await TestApp.run { client, _ in
            let iitp = try await list(client, "?agency=iitp")
            #expect(iitp.pagination.total == 3 && iitp.programs.allSatisfy { $0.agency == "IITP" })

            let trl2 = try await list(client, "?trl=2")
            #expect(trl2.pagination.total > 0)
            #expect(trl2.programs.allSatisfy { ($0.minTrl ?? 1) <= 2 && ($0.maxTrl ?? 9) >= 2 })

            let first = try await list(client, "?limit=5&page=1")
            let third = try await list(client, "?limit=5&page=3")
            #expect(first.pagination == Pagination(page: 1, limit: 5, total: 14, totalPages: 3))
            #expect(third.programs.count == 4)
            #expect(Set(first.programs.map(\.id)).isDisjoint(with: third.programs.map(\.id)))
            #expect(try await list(client, "?page=9&limit=5").programs.isEmpty)
            #expect(try await list(client, "?status=expired").pagination.total == 0)
        }
    }

    @Test(arguments: ["?limit=0", "?limit=101", "?limit=abc", "?page=0", "?trl=10", "?status=OPEN"])
    func badQueryIsA422NamingTheParameter(_ query: String) async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "/api/funding-programs" + query, method: .get) { response in
                #expect(response.status == .unprocessableContent)
                let body = try decodeJSON(ErrorBody.self, response.body)
                #expect(body.error.code == "validation_failed")
                let name = String(query.dropFirst().prefix { $0 != "=" })
                #expect(body.error.message.contains("'\(name)'"))
            }
        }
    }

    @Test func detailAndStatistics() async throws {
        try await TestApp.run { client, _ in
            let first = try #require(try await list(client, "?limit=1").programs.first)
            try await client.execute(uri: "/api/funding-programs/\(first.id)", method: .get) { response in
                #expect(response.status == .ok)
                struct Detail: Decodable { var program: Program }
                let detail = try decodeJSON(Detail.self, response.body)
                #expect(detail.program.id == first.id)
            }
            try await client.execute(uri: "/api/funding-programs/\(UUID())", method: .get) { response in
                #expect(response.status == .notFound)
                let body = try decodeJSON(ErrorBody.self, response.body)
                #expect(body.error.code == "not_found")
            }
            try await client.execute(uri: "/api/funding-programs/not-a-uuid", method: .get) { response in
                #expect(response.status == .badRequest)
                let body = try decodeJSON(ErrorBody.self, response.body)
                #expect(body.error.code == "invalid_id")
            }
            try await client.execute(uri: "/api/funding-programs/stats", method: .get) { response in
                #expect(response.status == .ok)
                struct Statistics: Decodable {
                    var totalPrograms: Int
                    var totalAgencies: Int
                    var byAgency: [String: Int]
                }
                let statistics = try decodeJSON(Statistics.self, response.body)
                #expect(statistics.totalPrograms == 14 && statistics.totalAgencies == 5)
                #expect(statistics.byAgency["KIMST"] == 3)
            }
        }
    }
}
