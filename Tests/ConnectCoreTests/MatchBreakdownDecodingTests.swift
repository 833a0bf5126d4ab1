import Foundation
import PostgresClient
import Testing
import TestSupport

@testable import ConnectCore

/// The breakdown column read directly against `JSONDecoder`, on text PostgreSQL's jsonb wrote.
@Suite struct MatchBreakdownDecodingTests {
    static let breakdowns: [MatchBreakdown] = [
        MatchBreakdown(industry: 25, keywords: 20, trl: 15, organizationType: 15, rdExperience: 10, deadline: 15,
                       matchedKeywords: ["AI", "클라우드"], reasons: ["업종이 맞습니다."], cautions: []),
        MatchBreakdown(industry: 0, keywords: 0, trl: 0, organizationType: 0, rdExperience: 0, deadline: 0,
                       matchedKeywords: [], reasons: [], cautions: []),
        MatchBreakdown(industry: -3, keywords: 1_000_000, trl: 7, organizationType: 3, rdExperience: 1, deadline: 9,
                       matchedKeywords: ["a/b", "q\"uote", "back\\slash", "tab\tnew\nline\r", "🚀 emoji", ""],
                       reasons: ["마감 임박 ⚠️", "\u{2028}"], cautions: ["주의: TRL 6 이상"]),
        // A control character comes back from jsonb as \u0001: the fast path declines it.
        MatchBreakdown(industry: 1, keywords: 2, trl: 3, organizationType: 4, rdExperience: 5, deadline: 6,
                       matchedKeywords: ["bell\u{1}"], reasons: [], cautions: []),
    ]

    @Test func readsWhatPostgreSQLWritesLikeJSONDecoder() async throws {
        try await TestStack.withDatabase(migrated: false, poolSize: 1) { pool, _ in
            for (index, breakdown) in Self.breakdowns.enumerated() {
                let stored = try await pool.query("SELECT \(PostgresJSON(breakdown))::jsonb::text").first!.decode(String.self, at: 0)
                let expected = try JSONDecoder().decode(MatchBreakdown.self, from: Data(stored.utf8))
                #expect(expected == breakdown)
                #expect(MatchBreakdown(postgresNonNullText: stored) == expected, "\(stored)")
                let fast = MatchBreakdown.parseFlat(stored)
                if index == 3 {
                    #expect(fast == nil, "\(stored)")
                } else {
                    #expect(fast == expected, "\(stored)")
                }
            }
        }
    }

    @Test(arguments: [
        #"{"trl": 1}"#, #"{"trl": 1.5, "deadline": 1, "industry": 1, "keywords": 1, "reasons": [], "cautions": [], "rdExperience": 1, "matchedKeywords": [], "organizationType": 1}"#,
        #"{"trl": 01, "deadline": 1, "industry": 1, "keywords": 1, "reasons": [], "cautions": [], "rdExperience": 1, "matchedKeywords": [], "organizationType": 1}"#,
        #"{"trl": 1, "trl": 2, "deadline": 1, "industry": 1, "keywords": 1, "reasons": [], "cautions": [], "rdExperience": 1, "matchedKeywords": [], "organizationType": 1}"#,
        #"{"trl": 1, "deadline": 1, "industry": 1, "keywords": 1, "reasons": ["\u0041"], "cautions": [], "rdExperience": 1, "matchedKeywords": [], "organizationType": 1}"#,
        #"{"trl": 1, "deadline": 1, "industry": 1, "keywords": 1, "reasons": [], "cautions": [], "rdExperience": 1, "matchedKeywords": [], "organizationType": 1, "extra": 2}"#,
        #"{"trl": 1, "deadline": 1, "industry": 1, "keywords": 1, "reasons": [], "cautions": [], "rdExperience": 1, "matchedKeywords": [], "organizationType": 1} x"#,
        #"{"trl": 99999999999999999999, "deadline": 1, "industry": 1, "keywords": 1, "reasons": [], "cautions": [], "rdExperience": 1, "matchedKeywords": [], "organizationType": 1}"#,
        "", "{", "[]", "null",
    ])
    func declinesWhatItDoesNotKnowAndAgreesWithJSONDecoder(_ text: String) {
        #expect(MatchBreakdown.parseFlat(text) == nil)
        let decoded = try? JSONDecoder().decode(MatchBreakdown.self, from: Data(text.utf8))
        #expect(MatchBreakdown(postgresNonNullText: text) == decoded)
    }
}
