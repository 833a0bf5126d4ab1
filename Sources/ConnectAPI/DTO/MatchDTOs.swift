import ConnectCore
import Foundation
import Hummingbird

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
}

/// `GET /api/matches`.
struct MatchListResponse: Encodable {
    var matches: [MatchResponse]
    var pagination: PaginationResponse
}

/// `GET` and `PATCH /api/matches/{id}`.
struct MatchDetailResponse: ResponseEncodable {
    var match: MatchResponse
}

/// `PATCH /api/matches/{id}` body.
struct MatchUpdateRequest: Decodable {
    var saved: Bool
}
