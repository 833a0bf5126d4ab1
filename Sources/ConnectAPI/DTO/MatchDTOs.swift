import ConnectCore
import Foundation
import Hummingbird
import NIOCore

/// The program fields a match shows.
struct ProgramSummaryResponse: Encodable {
    var id: UUID
    var agency: String
    var title: String
    var category: String?
    var budgetKrw: Int64?
    var deadline: Date?
    var minTrl: Int?
    var maxTrl: Int?
    var status: String

    init(_ program: FundingProgram) {
        id = program.id
        agency = program.agency
        title = program.title
        category = program.category
        budgetKrw = program.budgetKRW
        deadline = program.deadline
        minTrl = program.minTRL
        maxTrl = program.maxTRL
        status = program.status.rawValue
    }

    /// The same object `Encodable` gives, written directly (keys in sorted order).
    func write(to json: inout JSONBodyWriter) {
        json.object { json in
            json.member("agency", agency)
            json.member("budgetKrw", budgetKrw)
            json.member("category", category)
            json.member("deadline", deadline)
            json.member("id", id)
            json.member("maxTrl", maxTrl)
            json.member("minTrl", minTrl)
            json.member("status", status)
            json.member("title", title)
        }
    }
}

/// A match as the API shows it.
struct MatchResponse: Encodable {
    var id: UUID
    var program: ProgramSummaryResponse
    var score: Int
    var breakdown: MatchBreakdown
    var eligibility: String
    var viewed: Bool
    var viewedAt: Date?
    var saved: Bool
    var savedAt: Date?
    var createdAt: Date

    init(_ record: MatchRecord) {
        id = record.id
        program = ProgramSummaryResponse(record.program)
        score = record.score
        breakdown = record.breakdown
        eligibility = record.eligibility.rawValue
        viewed = record.viewed
        viewedAt = record.viewedAt
        saved = record.saved
        savedAt = record.savedAt
        createdAt = record.createdAt
    }

    /// The same object `Encodable` gives, written directly (keys in sorted order).
    func write(to json: inout JSONBodyWriter) {
        json.object { json in
            json.key("breakdown")
            json.object { json in
                json.member("cautions", breakdown.cautions)
                json.member("deadline", breakdown.deadline)
                json.member("industry", breakdown.industry)
                json.member("keywords", breakdown.keywords)
                json.member("matchedKeywords", breakdown.matchedKeywords)
                json.member("organizationType", breakdown.organizationType)
                json.member("rdExperience", breakdown.rdExperience)
                json.member("reasons", breakdown.reasons)
                json.member("trl", breakdown.trl)
            }
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

/// `GET /api/matches`.
struct MatchListResponse: Encodable {
    var matches: [MatchResponse]
    var pagination: PaginationResponse

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

/// `GET` and `PATCH /api/matches/{id}`.
struct MatchDetailResponse: ResponseEncodable {
    var match: MatchResponse
}

/// `PATCH /api/matches/{id}` body.
struct MatchUpdateRequest: Decodable {
    var saved: Bool
}
