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

    /// The same object `Encodable` gives, written directly (keys in sorted order).
    func write(to json: inout JSONBodyWriter) {
        json.object { json in
            json.member("agency", agency)
            json.member("allowedBusinessStructures", allowedBusinessStructures)
            json.member("announcementUrl", announcementUrl)
            json.member("applicationStart", applicationStart)
            json.member("budgetKrw", budgetKrw)
            json.member("category", category)
            json.member("deadline", deadline)
            json.member("description", description)
            json.member("id", id)
            json.member("keywords", keywords)
            json.member("maxTrl", maxTrl)
            json.member("minTrl", minTrl)
            json.member("ministry", ministry)
            json.member("publishedAt", publishedAt)
            json.member("requiredCertifications", requiredCertifications)
            json.member("status", status)
            json.member("targetTypes", targetTypes)
            json.member("title", title)
        }
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

    /// The same object `Encodable` gives, written directly (keys in sorted order).
    func write(to json: inout JSONBodyWriter) {
        json.object { json in
            json.member("limit", limit)
            json.member("page", page)
            json.member("total", total)
            json.member("totalPages", totalPages)
        }
    }
}

/// `GET /api/funding-programs`.
struct ProgramListResponse: Encodable {
    var programs: [ProgramResponse]
    var pagination: PaginationResponse

    /// The body, written directly: what `JSONEncoder.api` writes for it.
    var json: ByteBuffer {
        var json = JSONBodyWriter(capacity: 512 + 768 * programs.count)
        json.object { json in
            json.key("pagination")
            pagination.write(to: &json)
            json.key("programs")
            json.array(programs) { json, program in program.write(to: &json) }
        }
        return json.buffer
    }
}

/// `GET /api/funding-programs/{id}`.
struct ProgramDetailResponse: Encodable, ResponseGenerator {
    var program: ProgramResponse

    /// The body, written directly: what `JSONEncoder.api` writes for it.
    var json: ByteBuffer {
        var json = JSONBodyWriter(capacity: 1024)
        json.object { json in
            json.key("program")
            program.write(to: &json)
        }
        return json.buffer
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: json))
    }
}

/// `GET /api/funding-programs/stats`.
struct ProgramStatisticsResponse: ResponseEncodable {
    var totalPrograms: Int
    var activePrograms: Int
    var totalAgencies: Int
    var byAgency: [String: Int]
}
