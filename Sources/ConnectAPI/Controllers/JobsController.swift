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

    @Sendable func generate(_ request: Request, context: Context) async throws -> EditedResponse<Schemas.JobAccepted> {
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
            response: Schemas.JobAccepted(jobId: job.id.uuidString, status: Schemas.JobStatus(job.status)))
    }

    @Sendable func detail(_ request: Request, context: Context) async throws -> Schemas.Job {
        let identity = try context.requireIdentity()
        let id = try context.parameters.requireID("id")
        guard let job = try await jobs.find(id, userID: identity.userID) else { throw APIError.notFound("No job with id \(id)") }
        let result = job.resultJSON.flatMap { try? JSONDecoder().decode(MatchGenerator.Summary.self, from: Data($0.utf8)) }
        return Schemas.Job(
            id: job.id.uuidString, kind: job.kind, status: Schemas.JobStatus(job.status), attempts: job.attempts,
            result: result.map {
                Schemas.MatchGenerationSummary(
                    matches: $0.matches, topScore: $0.topScore, candidates: $0.candidates, durationMilliseconds: $0.durationMilliseconds)
            },
            lastError: job.lastError, createdAt: job.createdAt, startedAt: job.startedAt, finishedAt: job.finishedAt)
    }
}
