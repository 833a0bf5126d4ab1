import ConnectCore
import Foundation
import Hummingbird

/// `POST /api/matches/generate` (202 with the job id; the worker does the work) and
/// `GET /api/jobs/{id}` for the job's owner.
struct JobsController: Sendable {
    typealias Context = ConnectRequestContext

    let jobs: JobRepository
    let queue: JobQueue

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("matches/generate", use: generate)
        group.get("jobs/{id}", use: detail)
    }

    struct Accepted: ResponseEncodable {
        var jobId: UUID
        var status: String
    }

    struct JobResponse: ResponseEncodable {
        var id: UUID
        var kind: String
        var status: String
        var attempts: Int
        var result: MatchGenerator.Summary?
        var lastError: String?
        var createdAt: Date
        var startedAt: Date?
        var finishedAt: Date?
    }

    @Sendable func generate(_ request: Request, context: Context) async throws -> EditedResponse<Accepted> {
        let identity = try context.requireIdentity()
        guard let organizationID = identity.organizationID else {
            throw APIError.unprocessable("Your account has no organization to match", code: "no_organization")
        }
        let job = try await jobs.create(kind: JobRepository.generateMatches, userID: identity.userID, organizationID: organizationID)
        do {
            try await queue.enqueue(job.id)
        } catch {
            // Not accepted, so nothing is lost: the job row goes and the caller retries.
            try? await jobs.discard(job.id)
            throw APIError.unavailable("The job queue")
        }
        return EditedResponse(
            status: .accepted, headers: [.location: "/api/jobs/\(job.id)"],
            response: Accepted(jobId: job.id, status: job.status.rawValue))
    }

    @Sendable func detail(_ request: Request, context: Context) async throws -> JobResponse {
        let identity = try context.requireIdentity()
        let id = try context.parameters.requireID("id")
        guard let job = try await jobs.find(id, userID: identity.userID) else { throw APIError.notFound("No job with id \(id)") }
        let result = job.resultJSON.flatMap { try? JSONDecoder().decode(MatchGenerator.Summary.self, from: Data($0.utf8)) }
        return JobResponse(
            id: job.id, kind: job.kind, status: job.status.rawValue, attempts: job.attempts, result: result,
            lastError: job.lastError, createdAt: job.createdAt, startedAt: job.startedAt, finishedAt: job.finishedAt)
    }
}
