import ConnectCore
import Foundation
import Hummingbird

/// A funding program as the API shows it (camelCase, ISO 8601 dates).
struct ProgramResponse: Encodable {
    var id: UUID
    var agency: String
    var ministry: String?
    var title: String
    var description: String
    var announcementUrl: String?
    var budgetKrw: Int64?
    var applicationStart: Date?
    var deadline: Date?
    var publishedAt: Date?
    var targetTypes: [String]
    var minTrl: Int?
    var maxTrl: Int?
    var category: String?
    var keywords: [String]
    var requiredCertifications: [String]
    var allowedBusinessStructures: [String]
    var status: String

    init(_ program: FundingProgram) {
        id = program.id
        agency = program.agency
        ministry = program.ministry
        title = program.title
        description = program.description
        announcementUrl = program.announcementURL
        budgetKrw = program.budgetKRW
        applicationStart = program.applicationStart
        deadline = program.deadline
        publishedAt = program.publishedAt
        targetTypes = program.targetTypes.map(\.rawValue)
        minTrl = program.minTRL
        maxTrl = program.maxTRL
        category = program.category
        keywords = program.keywords
        requiredCertifications = program.requiredCertifications
        allowedBusinessStructures = program.allowedBusinessStructures
        status = program.status.rawValue
    }
}

/// `pagination` of every paged listing.
struct PaginationResponse: Encodable {
    var page: Int
    var limit: Int
    var total: Int
    var totalPages: Int

    init(_ page: Page<some Sendable>) {
        self.page = page.page
        limit = page.limit
        total = page.total
        totalPages = page.totalPages
    }
}

/// `GET /api/funding-programs`.
struct ProgramListResponse: Encodable {
    var programs: [ProgramResponse]
    var pagination: PaginationResponse
}

/// `GET /api/funding-programs/{id}`.
struct ProgramDetailResponse: ResponseEncodable {
    var program: ProgramResponse
}

/// `GET /api/funding-programs/stats`.
struct ProgramStatisticsResponse: ResponseEncodable {
    var totalPrograms: Int
    var activePrograms: Int
    var totalAgencies: Int
    var byAgency: [String: Int]
}
