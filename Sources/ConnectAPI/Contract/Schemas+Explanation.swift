import ConnectCore
import Foundation
import NIOCore

extension Schemas.AnswerMetadata {
    /// How an AI answer was produced, for explanations and chat answers alike: `cached` when no
    /// model call of the request's own wrote it, then `cost` 0.
    init(cached: Bool, source: AnswerSource, model: String, costKRW: Double, responseTimeMilliseconds: Int, inputTokens: Int, outputTokens: Int) {
        self.init(
            cached: cached, source: Schemas.AnswerSource(source), model: model, cost: costKRW,
            responseTime: responseTimeMilliseconds, usage: Schemas.TokenUsage(inputTokens: inputTokens, outputTokens: outputTokens))
    }
}

extension Schemas.ExplanationResponse {
    /// `GET /api/matches/{id}/explanation`'s answer.
    init(_ result: ExplanationService.Result) {
        self.init(
            matchId: result.match.id.uuidString,
            explanation: Schemas.Explanation(
                summary: result.explanation.summary, reasons: result.explanation.reasons, cautions: result.explanation.cautions,
                recommendation: result.explanation.recommendation),
            metadata: Schemas.AnswerMetadata(
                cached: result.cached, source: result.source, model: result.model, costKRW: result.costKRW,
                responseTimeMilliseconds: result.responseTimeMilliseconds, inputTokens: result.inputTokens,
                outputTokens: result.outputTokens),
            match: .init(
                score: result.match.score, programTitle: result.match.programTitle, agency: result.match.agency,
                deadline: result.match.deadline))
    }

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
