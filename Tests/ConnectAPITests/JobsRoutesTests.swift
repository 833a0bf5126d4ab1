import ConnectAPI
import ConnectCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresClient
import Testing
import TestSupport

/// `POST /api/matches/generate` → 202 and a job; the worker runs it; `GET /api/jobs/{id}`.
@Suite struct JobsRoutesTests {
    struct Job: Decodable {
        struct Summary: Decodable { var matches: Int; var candidates: Int }
        var id: UUID
        var status: String
        var attempts: Int
        var result: Summary?
    }

    @Test func generationRunsOnTheWorkerAndOnlyTheOwnerSeesTheJob() async throws {
        try await TestApp.runIsolated { client, dependencies, _ in
            let token = try await client.login("demo@connectplt.kr")
            let other = try await client.login("loadtest+1@connectplt.kr")
            let headers: HTTPFields = [.authorization: "Bearer \(token)"]
            _ = try await MatchesRoutesTests.list(client, token)
            let jobID = try await client.execute(uri: "/api/matches/generate", method: .post, headers: headers) { response in
                #expect(response.status == .accepted)
                struct Accepted: Decodable { var jobId: UUID; var status: String }
                let accepted = try decodeJSON(Accepted.self, response.body)
                #expect(accepted.status == "QUEUED")
                #expect(response.headers[.location] == "/api/jobs/\(accepted.jobId)")
                return accepted.jobId
            }
            try await client.execute(uri: "/api/jobs/\(jobID)", method: .get, headers: [.authorization: "Bearer \(other)"]) { response in
                #expect(response.status == .notFound)
            }

            let worker = dependencies.makeWorker(consumer: "test-worker", logger: TestApp.logger)
            try await dependencies.jobQueue.prepare()
            try await worker.runOnce()

            try await client.execute(uri: "/api/jobs/\(jobID)", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                let job = try decodeJSON(Job.self, response.body)
                #expect(job.status == "SUCCEEDED" && job.attempts == 1)
                #expect((job.result?.matches ?? 0) > 0)
            }
            let (listing, cache) = try await MatchesRoutesTests.list(client, token)
            #expect(cache == "MISS")  // the worker dropped the cached list
            let stored = try await dependencies.database.query("""
                SELECT count(*) FROM funding_matches m JOIN users u ON u.organization_id = m.organization_id
                WHERE u.email = 'demo@connectplt.kr'
                """).first!.decode(Int.self, at: 0)
            #expect(listing.pagination.total == stored)
            #expect(try await dependencies.jobQueue.depth().pending == 0)

            // The worker warmed the best matches' explanations: their first request is a hit.
            let best = try #require(listing.matches.first)
            try await client.execute(uri: "/api/matches/\(best.id)/explanation", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("X-Cache")!] == "HIT")
            }
            let warmed = dependencies.configuration.explanationPrewarmCount
            if listing.matches.count > warmed {
                let beyond = listing.matches[warmed]
                try await client.execute(uri: "/api/matches/\(beyond.id)/explanation", method: .get, headers: headers) { response in
                    #expect(response.headers[HTTPField.Name("X-Cache")!] == "MISS")
                }
            }
        }
    }
}
