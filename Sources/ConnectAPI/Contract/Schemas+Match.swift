import ConnectCore
import Foundation
import NIOCore

extension Schemas.Breakdown {
    init(_ breakdown: MatchBreakdown) {
        self.init(
            industry: breakdown.industry, keywords: breakdown.keywords, trl: breakdown.trl,
            organizationType: breakdown.organizationType, rdExperience: breakdown.rdExperience, deadline: breakdown.deadline,
            matchedKeywords: breakdown.matchedKeywords, reasons: breakdown.reasons, cautions: breakdown.cautions)
    }

    /// The same object `Encodable` gives, written directly (keys in sorted order).
    func write(to json: inout JSONBodyWriter) {
        json.object { json in
            json.member("cautions", cautions)
            json.member("deadline", deadline)
            json.member("industry", industry)
            json.member("keywords", keywords)
            json.member("matchedKeywords", matchedKeywords)
            json.member("organizationType", organizationType)
            json.member("rdExperience", rdExperience)
            json.member("reasons", reasons)
            json.member("trl", trl)
        }
    }
}

extension Schemas.Match {
    init(_ record: MatchRecord) {
        self.init(
            id: record.id.uuidString, program: Schemas.ProgramSummary(record.program), score: record.score,
            breakdown: Schemas.Breakdown(record.breakdown), eligibility: Schemas.Eligibility(record.eligibility),
            viewed: record.viewed, viewedAt: record.viewedAt, saved: record.saved, savedAt: record.savedAt,
            createdAt: record.createdAt)
    }

    /// The same object `Encodable` gives, written directly (keys in sorted order).
    func write(to json: inout JSONBodyWriter) {
        json.object { json in
            json.key("breakdown")
            breakdown.write(to: &json)
            json.member("createdAt", createdAt)
            json.member("eligibility", eligibility)
            json.member("id", id)
            json.key("program")
            program.write(to: &json)
            json.member("saved", saved)
            json.member("savedAt", savedAt)
            json.member("score", score)
            json.member("viewed", viewed)
            json.member("viewedAt", viewedAt)
        }
    }
}

extension Schemas.MatchList {
    /// The body, written directly: what `JSONEncoder.api` writes for it.
    var json: ByteBuffer {
        var json = JSONBodyWriter(capacity: 256 + 1536 * matches.count)
        json.object { json in
            json.key("matches")
            json.array(matches) { json, match in match.write(to: &json) }
            json.key("pagination")
            pagination.write(to: &json)
        }
        return json.buffer
    }
}
