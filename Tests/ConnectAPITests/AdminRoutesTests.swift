import ConnectAPI
import ConnectCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// `GET /api/admin/ai-monitoring/stats`: admins only, figures from `ai_usage`.
@Suite struct AdminRoutesTests {
    struct Statistics: Decodable {
        struct Budget: Decodable { var dailyLimit: Int; var spent: Double; var remaining: Double; var percentage: Double }
        struct Stats: Decodable {
            struct Service: Decodable { var requests: Int }
            struct Latency: Decodable { var p50: Double; var p95: Double; var p99: Double }
            var totalRequests: Int
            var cacheHitRate: Double
            var successRate: Double
            var byService: [String: Service]
            var latency: Latency
        }
        struct Breaker: Decodable { var state: String }
        var budget: Budget
        var stats: Stats
        var breaker: Breaker
    }

    @Test func adminSeesUsageAndOthersAreForbidden() async throws {
        try await TestApp.runIsolated { client, _, _ in
            let user = try await client.login("demo@connectplt.kr")
            let admin = try await client.login("admin@connectplt.kr")
            let match = try await ExplanationRoutesTests.firstMatch(client, user)
            _ = try await ExplanationRoutesTests.explain(client, user, match)
            _ = try await ExplanationRoutesTests.explain(client, user, match)
            _ = try await ChatRoutesTests.post(client, user, #"{"message":"AI 사업"}"#)

            try await client.execute(uri: "/api/admin/ai-monitoring/stats", method: .get, headers: [.authorization: "Bearer \(user)"]) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/admin/ai-monitoring/stats?days=400", method: .get, headers: [.authorization: "Bearer \(admin)"]) { response in
                #expect(response.status == .unprocessableContent)
            }
            try await client.execute(uri: "/api/admin/ai-monitoring/stats?days=1", method: .get, headers: [.authorization: "Bearer \(admin)"]) { response in
                #expect(response.status == .ok)
                let statistics = try decodeJSON(Statistics.self, response.body)
                #expect(statistics.stats.totalRequests == 3)
                #expect(statistics.stats.byService["MATCH_EXPLANATION"]?.requests == 2)
                #expect(statistics.stats.byService["QA_CHAT"]?.requests == 1)
                #expect(abs(statistics.stats.cacheHitRate - 1.0 / 3.0) < 0.001)
                #expect(statistics.stats.successRate == 1)
                #expect(statistics.budget.dailyLimit == 50_000 && statistics.budget.remaining == 50_000)
                #expect(statistics.stats.latency.p99 >= statistics.stats.latency.p50)
                #expect(statistics.breaker.state == "closed")
            }
        }
    }
}
