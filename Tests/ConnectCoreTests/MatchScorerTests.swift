import Foundation
import Testing

@testable import ConnectCore

/// Each hard filter and each score component of the matching engine, table-driven.
@Suite struct MatchScorerTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let day: TimeInterval = 86_400

    static let organization = Organization(
        id: UUID(), name: "(주)테스트", type: .company, businessStructure: "CORPORATION", industrySector: "AI/SW",
        trl: 6, keyTechnologies: ["AI", "클라우드"], researchFocusAreas: ["딥러닝"], certifications: ["벤처"],
        rdExperience: true)

    static func program(
        status: FundingProgram.Status = .active, deadlineInDays: Double? = 30, targets: [Organization.Kind] = [.company],
        trl: (Int, Int)? = (4, 8), certifications: [String] = [], structures: [String] = [],
        category: String? = "AI/SW", keywords: [String] = ["AI", "딥러닝", "클라우드"]
    ) -> FundingProgram {
        FundingProgram(
            id: UUID(), agency: "IITP", title: "테스트 사업", deadline: deadlineInDays.map { now.addingTimeInterval($0 * day) },
            targetTypes: targets, minTRL: trl?.0, maxTRL: trl?.1, category: category, keywords: keywords,
            requiredCertifications: certifications, allowedBusinessStructures: structures, status: status)
    }

    @Test(arguments: [
        ("archived program", program(status: .archived)),
        ("deadline passed", program(deadlineInDays: -1)),
        ("type not targeted", program(targets: [.university])),
        ("TRL below range", program(trl: (7, 9))),
        ("TRL above range", program(trl: (1, 5))),
        ("certification missing", program(certifications: ["INNOBIZ"])),
        ("structure not allowed", program(structures: ["SOLE_PROPRIETOR"])),
    ])
    func hardFiltersMakeIneligible(_ name: String, _ program: FundingProgram) {
        let evaluation = MatchScorer().evaluate(Self.organization, program, now: Self.now)
        #expect(evaluation.eligibility == .ineligible, "\(name)")
        #expect(evaluation.score == 0)
        #expect(!evaluation.failedRequirements.isEmpty)
    }

    @Test func perfectFitScoresEveryComponent() {
        let evaluation = MatchScorer().evaluate(Self.organization, Self.program(), now: Self.now)
        #expect(evaluation.eligibility == .fully)
        let breakdown = evaluation.breakdown
        #expect(breakdown.industry == 25)
        #expect(breakdown.keywords == 20)
        #expect(breakdown.trl == 15)
        #expect(breakdown.organizationType == 15)
        #expect(breakdown.rdExperience == 10)
        #expect(breakdown.deadline == 15)
        #expect(evaluation.score == 100)
        #expect(breakdown.matchedKeywords == ["AI", "딥러닝", "클라우드"])
    }

    @Test(arguments: [
        // (deadline in days, points)
        (3.0, 5), (10.0, 10), (30.0, 15), (90.0, 12),
    ])
    func deadlineProximity(_ days: Double, _ points: Int) {
        let evaluation = MatchScorer().evaluate(Self.organization, Self.program(deadlineInDays: days), now: Self.now)
        #expect(evaluation.breakdown.deadline == points)
    }

    @Test func partialComponents() {
        var organization = Self.organization
        organization.rdExperience = false
        organization.industrySector = "바이오"
        organization.keyTechnologies = ["AI"]
        organization.researchFocusAreas = []
        let evaluation = MatchScorer().evaluate(organization, Self.program(trl: (6, 8)), now: Self.now)
        #expect(evaluation.breakdown.industry == 5)
        #expect(evaluation.breakdown.keywords == 7)  // one of three keywords
        #expect(evaluation.breakdown.trl == 12)  // on the edge of the range
        #expect(evaluation.breakdown.rdExperience == 4)
    }

    @Test func unknownProfileDataMakesItConditional() {
        var organization = Self.organization
        organization.trl = nil
        let evaluation = MatchScorer().evaluate(organization, Self.program(), now: Self.now)
        #expect(evaluation.eligibility == .conditionally)
        #expect(evaluation.breakdown.trl == 7)
        #expect(!evaluation.breakdown.cautions.isEmpty)
    }

    @Test func substringSearchIsByteExact() {
        #expect("머신러닝".utf8Contains("러닝"))
        #expect("ai/sw".utf8Contains("ai"))
        #expect(!"ai".utf8Contains("ai/sw"))
        #expect("abc".utf8Contains(""))
        #expect(MatchScorer.normalized("  SaaS ") == "saas")
        #expect(MatchScorer.normalized("   ") == "")
    }

    @Test func rankKeepsTheBestAboveTheMinimum() {
        let programs = [
            Self.program(keywords: ["반도체"]), Self.program(), Self.program(deadlineInDays: -2), Self.program(category: "해양", keywords: ["해양"]),
        ]
        let ranked = MatchScorer(minimumScore: 60).rank(Self.organization, against: programs, now: Self.now, limit: 10)
        #expect(ranked.map(\.score) == ranked.map(\.score).sorted(by: >))
        #expect(ranked.first?.program.id == programs[1].id)
        #expect(ranked.allSatisfy { $0.score >= 60 && $0.eligibility != .ineligible })
        // Ranking scores without words, then narrates what it keeps: same scores, reasons present.
        #expect(ranked.allSatisfy { !$0.breakdown.reasons.isEmpty })
        let profile = MatchScorer.Profile(Self.organization)
        for program in programs {
            let silent = MatchScorer().evaluate(profile, program, now: Self.now, narrate: false)
            let narrated = MatchScorer().evaluate(profile, program, now: Self.now)
            #expect(silent.score == narrated.score && silent.eligibility == narrated.eligibility)
            #expect(silent.breakdown.reasons.isEmpty && silent.breakdown.cautions.isEmpty)
        }
        #expect(MatchScorer().rank(Self.organization, against: programs, now: Self.now, limit: 1).count == 1)
    }
}
