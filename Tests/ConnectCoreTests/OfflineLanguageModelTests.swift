import Foundation
import Testing

@testable import ConnectCore

/// The offline model's text: grounded in the breakdown, with Korean particles that fit.
@Suite struct OfflineLanguageModelTests {
    @Test(arguments: [
        (KoreanParticle.and, "(주)커넥트소프트", "(주)커넥트소프트와"),
        (KoreanParticle.and, "연구원", "연구원과"),
        (KoreanParticle.subject, "산업 분야", "산업 분야가"),
        (KoreanParticle.subject, "TRL 7", "TRL 7이"),
        (KoreanParticle.subject, "TRL 9", "TRL 9가"),
        (KoreanParticle.topic, "2026", "2026은"),
        (KoreanParticle.subject, "지원 대상 유형", "지원 대상 유형이"),
        (KoreanParticle.object, "기술성숙도", "기술성숙도를"),
        (KoreanParticle.subject, "AI", "AI이(가)"),
        (KoreanParticle.topic, "「스마트팜」", "「스마트팜」은"),
    ])
    func particlesFollowTheLastSyllable(_ particle: KoreanParticle, _ word: String, _ expected: String) {
        #expect(particle.attach(to: word) == expected)
    }

    @Test func explanationIsGroundedInTheBreakdown() async throws {
        let now = MatchScorerTests.now
        let organization = MatchScorerTests.organization
        let program = MatchScorerTests.program(deadlineInDays: 10, certifications: ["벤처"])
        let evaluation = MatchScorer().evaluate(organization, program, now: now)
        let record = MatchRecord(
            id: UUID(), organizationID: organization.id, program: program, score: evaluation.score,
            breakdown: evaluation.breakdown, eligibility: evaluation.eligibility, viewed: false, viewedAt: nil, saved: false,
            savedAt: nil, createdAt: now)
        let model = OfflineLanguageModel()
        let korean = try await model.explain(ExplanationRequest(organization: organization, match: record, language: .korean, now: now))
        #expect(korean.source == .local)
        #expect(korean.content.summary.contains("\(evaluation.score)점"))
        #expect(korean.content.reasons.contains { $0.contains("AI") })
        #expect(korean.content.cautions.contains { $0.contains("마감까지 10일") })
        #expect(korean.content.cautions.contains { $0.contains("벤처") })
        #expect(korean.content.recommendation.contains("10일"))
        #expect(korean.inputTokens > 0 && korean.outputTokens > 0)

        let english = try await model.explain(ExplanationRequest(organization: organization, match: record, language: .english, now: now))
        #expect(english.content.summary.contains("\(evaluation.score)/100"))
        #expect(english.content.cautions.contains { $0.contains("10 days") })
        let fallback = try await OfflineLanguageModel(source: .fallback).explain(
            ExplanationRequest(organization: organization, match: record, language: .korean, now: now))
        #expect(fallback.source == .fallback && fallback.content == korean.content)
    }
}
