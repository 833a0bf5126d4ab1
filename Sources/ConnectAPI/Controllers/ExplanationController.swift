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

    struct ExplanationResponse: Encodable {
        struct MatchSummary: Encodable {
            var score: Int
            var programTitle: String
            var agency: String
            var deadline: Date?
        }
        var matchId: UUID
        var explanation: Explanation
        var metadata: AnswerMetadata
        var match: MatchSummary

        /// The body, written directly: what `JSONEncoder.api` writes for it.
        var json: ByteBuffer {
            var json = JSONBodyWriter(capacity: 2048)
            json.object { json in
                json.key("explanation")
                json.object { json in
                    json.member("cautions", explanation.cautions)
                    json.member("reasons", explanation.reasons)
                    json.member("recommendation", explanation.recommendation)
                    json.member("summary", explanation.summary)
                }
                json.key("match")
                json.object { json in
                    json.member("agency", match.agency)
                    json.member("deadline", match.deadline)
                    json.member("programTitle", match.programTitle)
                    json.member("score", match.score)
                }
                json.member("matchId", matchId)
                json.key("metadata")
                json.object { json in
                    json.member("cached", metadata.cached)
                    json.member("cost", metadata.cost)
                    json.member("model", metadata.model)
                    json.member("responseTime", metadata.responseTime)
                    json.member("source", metadata.source)
                    json.key("usage")
                    json.object { json in
                        json.member("inputTokens", metadata.usage.inputTokens)
                        json.member("outputTokens", metadata.usage.outputTokens)
                    }
                }
            }
            return json.buffer
        }
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
        let body = ExplanationResponse(
            matchId: result.match.id, explanation: result.explanation,
            metadata: .init(
                cached: result.cached, source: result.source.rawValue, model: result.model, cost: result.costKRW,
                responseTime: result.responseTimeMilliseconds,
                usage: .init(inputTokens: result.inputTokens, outputTokens: result.outputTokens)),
            match: .init(
                score: result.match.score, programTitle: result.match.program.title, agency: result.match.program.agency,
                deadline: result.match.program.deadline))
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json", .xCache: result.cached ? "HIT" : "MISS",
            ],
            body: .init(byteBuffer: body.json))
    }
}
