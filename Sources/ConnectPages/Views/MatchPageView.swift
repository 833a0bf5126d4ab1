import ConnectAPI
import ConnectCore
import Foundation

/// `/dashboard/matches/{id}`: the match and its explanation (or why there is none).
struct MatchPageView {
    /// An explanation marked by its source: AI, offline model or fallback.
    struct ExplanationView {
        var sourceKey: String
        var sourceName: String
        var model: String
        var cached: Bool
        var summary: String
        var reasons: [String]
        var hasReasons: Bool
        var cautions: [String]
        var hasCautions: Bool
        var recommendation: String

        init(_ result: ExplanationService.Result, text: PageText) {
            sourceKey = result.source.rawValue
            sourceName = text.sourceName(result.source)
            model = result.model
            cached = result.cached
            summary = result.explanation.summary
            reasons = result.explanation.reasons
            hasReasons = !reasons.isEmpty
            cautions = result.explanation.cautions
            hasCautions = !cautions.isEmpty
            recommendation = result.explanation.recommendation
        }
    }

    var card: MatchCardView
    var explanation: ExplanationView?
    var explanationError: String?
    var programURL: String
}
