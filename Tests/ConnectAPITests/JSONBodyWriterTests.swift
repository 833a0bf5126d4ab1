@testable import ConnectCore
import Foundation
import NIOCore
import Testing

@testable import ConnectAPI

/// The hand-written program bodies against the encoder they replace, byte for byte.
@Suite struct JSONBodyWriterTests {
    static let dates: [Date] = [
        Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_796_000_000.999),
        Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: -62_135_596_800),  // 0001-01-01
        Date(timeIntervalSince1970: 253_402_300_799),  // 9999-12-31T23:59:59
        Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
        Date(timeIntervalSince1970: 4_107_542_400.5),  // 2100-03-01
    ]

    static let programs: [FundingProgram] = [
        FundingProgram(id: UUID(), agency: "IITP", title: "t"),
        FundingProgram(
            id: UUID(), agency: "KEIT \"quoted\" \\ / 한국", ministry: "과학기술정보통신부", title: "AI 바우처\n\t지원 🚀",
            description: "control \u{0}\u{1F} \u{2028}", announcementURL: "https://example.kr/a?b=c&d=/e",
            budgetKRW: 9_000_000_000_000, applicationStart: dates[1], deadline: dates[2], publishedAt: dates[0],
            targetTypes: [.company, .researchInstitute], minTRL: 1, maxTRL: 9, category: "AI/SW",
            keywords: ["클라우드", "", "a\"b"], requiredCertifications: ["ISO 9001"], allowedBusinessStructures: ["법인"],
            status: .archived),
    ] + dates.map { FundingProgram(id: UUID(), agency: "A", title: "date", budgetKRW: -5, deadline: $0, minTRL: 0) }

    /// Every ASCII character alone, between others and at both ends (runs copied whole meet escapes).
    @Test func everyASCIICharacterIsWrittenAsJSONEncoderWritesIt() throws {
        var texts = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        texts += (0..<0x80).map { "ab" + String(UnicodeScalar(UInt8($0))) + "한글" }
        texts += ["", "\"\"", "\\", "\n\n", "끝\u{7}", "\u{1F}시작", String(repeating: "긴 문자열 ", count: 200) + "\""]
        for text in texts {
            var buffer = ByteBuffer()
            JSONBodyWriter.appendQuoted(text, to: &buffer)
            #expect(String(buffer: buffer) == String(decoding: try JSONEncoder.api.encode([text]), as: UTF8.self).dropFirst().dropLast())
        }
    }

    @Test func programDetailMatchesJSONEncoder() throws {
        for program in Self.programs {
            let response = Schemas.ProgramEnvelope(program: Schemas.Program(program))
            let expected = try JSONEncoder.api.encode(response)
            #expect(String(buffer: response.json) == String(decoding: expected, as: UTF8.self))
        }
    }

    @Test func programListMatchesJSONEncoder() throws {
        for programs in [[], Array(Self.programs.prefix(1)), Self.programs] {
            let response = Schemas.ProgramList(
                programs: programs.map(Schemas.Program.init),
                pagination: Schemas.Pagination(Page(items: programs, page: 2, limit: 20, total: 41)))
            let expected = try JSONEncoder.api.encode(response)
            #expect(String(buffer: response.json) == String(decoding: expected, as: UTF8.self))
        }
    }

    static let breakdowns: [MatchBreakdown] = [
        MatchBreakdown(industry: 25, keywords: 0, trl: 15, organizationType: 15, rdExperience: 10, deadline: 3,
                       matchedKeywords: [], reasons: [], cautions: []),
        MatchBreakdown(industry: 0, keywords: 20, trl: 7, organizationType: 0, rdExperience: 5, deadline: 15,
                       matchedKeywords: ["AI", "클라우드", "a/b\"c"], reasons: ["업종이 맞습니다.\n", "TRL 6"], cautions: ["마감 임박 ⚠️", ""]),
    ]

    @Test func matchListMatchesJSONEncoder() throws {
        let records = Self.programs.enumerated().map { index, program in
            MatchRecord(
                id: UUID(), organizationID: UUID(), program: program, score: index * 7 % 101,
                breakdown: Self.breakdowns[index % 2], eligibility: Eligibility.allCases[index % Eligibility.allCases.count],
                viewed: index % 2 == 0, viewedAt: index % 3 == 0 ? Self.dates[index % Self.dates.count] : nil,
                saved: index % 3 == 1, savedAt: index % 3 == 1 ? Self.dates[1] : nil, createdAt: Self.dates[(index + 1) % Self.dates.count])
        }
        for items in [[], Array(records.prefix(1)), records] {
            let response = Schemas.MatchList(
                matches: items.map(Schemas.Match.init),
                pagination: Schemas.Pagination(Page(items: items, page: 1, limit: 20, total: items.count)))
            let expected = try JSONEncoder.api.encode(response)
            #expect(String(buffer: response.json) == String(decoding: expected, as: UTF8.self))
        }
    }

    @Test(arguments: [0, 12.5, 0.1, 1234.5678, 1e-5, 1e21, 3.0, 0.000123, 98765432.25])
    func explanationMatchesJSONEncoder(_ cost: Double) throws {
        typealias Body = Schemas.ExplanationResponse
        for (index, deadline) in ([nil] + Self.dates.map(Optional.some)).enumerated() {
            let body = Body(
                matchId: UUID().uuidString,
                explanation: Schemas.Explanation(
                    summary: "요약 \"인용\" \\ / 🚀", reasons: index % 2 == 0 ? [] : ["이유 1", "reason\n2"],
                    cautions: ["주의"], recommendation: ""),
                metadata: Schemas.AnswerMetadata(
                    cached: index % 2 == 0, source: .ai, model: "claude-sonnet-4-5", cost: cost, responseTime: index * 13,
                    usage: Schemas.TokenUsage(inputTokens: 1200 + index, outputTokens: 0)),
                match: .init(score: 87, programTitle: "AI 바우처", agency: "NIPA", deadline: deadline))
            let expected = try JSONEncoder.api.encode(body)
            #expect(String(buffer: body.json) == String(decoding: expected, as: UTF8.self))
        }
    }
}
