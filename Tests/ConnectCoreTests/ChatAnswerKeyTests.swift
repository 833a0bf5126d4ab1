@testable import ConnectCore
import Foundation
import Testing

/// The chat answer cache key: what a question reads as (``QuestionWords``), and everything else
/// the answer was written from.
@Suite struct ChatAnswerKeyTests {
    static let program = FundingProgram(id: UUID(uuidString: "6A0B7C52-1111-4222-8333-944455556666")!, agency: "IITP", title: "AI 반도체")
    static let noon = Date(timeIntervalSince1970: 1_796_094_000)  // 2026-12-01 12:00 KST

    static func key(
        _ question: String, language: AnswerLanguage? = nil, version: Int = 1, model: any LanguageModel = OfflineLanguageModel(),
        now: Date = noon
    ) -> String {
        let request = ChatRequest(
            question: question, programs: [program], history: [], language: language ?? ChatRequest.language(of: question), now: now)
        return ChatAnswerCache.key(for: request, retrieval: .init(words: QuestionWords.words(of: question), programs: [program], versions: [version]), model: model)
    }

    @Test func questionsThatReadAlikeShareAKey() {
        #expect(QuestionWords.normalized("AI 반도체 과제는 마감이 언제인가요?") == "ai 반도체 과제 마감 언제인가요")
        #expect(QuestionWords.normalized("ＡＩ　반도체\t과제를   마감은 언제인가요!!") == "ai 반도체 과제 마감 언제인가요")
        // Particles go only where a stem of two or more characters is left.
        #expect(QuestionWords.words(of: "이가 과제에서 스마트팜으로") == ["이가", "과제", "스마트팜"])
        let base = Self.key("AI 반도체 과제는 마감이 언제인가요?")
        #expect(base.count == 64)
        #expect(Self.key("ai  반도체 과제 마감은, 언제인가요") == base)
        #expect(Self.key("AI 반도체 과제 예산은?") != base)
        // Short words count: another TRL is another question.
        #expect(Self.key("TRL 4 단계 과제") != Self.key("TRL 6 단계 과제"))
    }

    @Test func theLanguageTheProgramVersionsAndTheDayAreInTheKey() {
        let base = Self.key("TRL 4 AI")
        #expect(Self.key("TRL 4 AI", language: .korean) != base)
        #expect(Self.key("TRL 4 AI", version: 2) != base)
        #expect(Self.key("TRL 4 AI", now: Self.noon.addingTimeInterval(11 * 3600)) == base)  // 23:00 the same day in Seoul
        #expect(Self.key("TRL 4 AI", now: Self.noon.addingTimeInterval(12 * 3600)) != base)  // midnight in Seoul
    }

    @Test func retrievalTermsAreTheFirstEightDistinctWords() {
        #expect(ProgramRetriever.terms(of: "AI ai 과제는 과제 1 a b c d e f g h i j") == ["ai", "과제"])
        #expect(ProgramRetriever.terms(of: "aa bb cc dd ee ff gg hh ii jj").count == 8)
    }
}
