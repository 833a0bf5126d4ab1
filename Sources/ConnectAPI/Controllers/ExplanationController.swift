import ConnectCore
import Foundation
import Hummingbird

/// `GET /api/matches/{id}/explanation?lang=ko|en`: why the match fits, with `X-Cache` and
/// `X-Circuit-State`; 429 with `Retry-After` and `X-RateLimit-*` past the per-user limit.
struct ExplanationController: Sendable {
    typealias Context = ConnectRequestContext

    let matches: MatchService

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("matches/{id}/explanation", use: explain)
    }

    @Sendable func explain(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.requireID("id")
        let language: AnswerLanguage = try QueryReader(request).choice("lang", default: .korean)!
        guard let organizationID = identity.organizationID else { throw APIError.notFound("No match with id \(id)") }
        let result: ExplanationService.Result
        do {
            guard let found = try await matches.explain(
                matchID: id, organizationID: organizationID, userID: identity.userID, language: language)
            else { throw APIError.notFound("No match with id \(id)") }
            result = found
        } catch ExplanationService.Failure.rateLimited(let decision) {
            throw APIError.rateLimited(
                "AI explanation limit reached; try again later", limit: decision.limit, retryAfterSeconds: decision.retryAfterSeconds)
        }
        let body = Schemas.ExplanationResponse(result)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json", .xCache: result.cached ? "HIT" : "MISS",
            ],
            body: .init(byteBuffer: body.json))
    }
}
