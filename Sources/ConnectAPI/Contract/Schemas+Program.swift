import ConnectCore
import Foundation
import Hummingbird

extension Schemas.Program {
    init(_ program: FundingProgram) {
        self.init(
            id: program.id.uuidString, agency: program.agency, ministry: program.ministry, title: program.title,
            description: program.description, announcementUrl: program.announcementURL, budgetKrw: program.budgetKRW,
            applicationStart: program.applicationStart, deadline: program.deadline, publishedAt: program.publishedAt,
            targetTypes: program.targetTypes.map(Schemas.OrganizationType.init), minTrl: program.minTRL, maxTrl: program.maxTRL,
            category: program.category, keywords: program.keywords, requiredCertifications: program.requiredCertifications,
            allowedBusinessStructures: program.allowedBusinessStructures, status: Schemas.ProgramStatus(program.status))
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

extension Schemas.ProgramSummary {
    /// The program fields a match shows.
    init(_ program: FundingProgram) {
        self.init(
            id: program.id.uuidString, agency: program.agency, title: program.title, category: program.category,
            budgetKrw: program.budgetKRW, deadline: program.deadline, minTrl: program.minTRL, maxTrl: program.maxTRL,
            status: Schemas.ProgramStatus(program.status))
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

extension Schemas.Pagination {
    /// `pagination` of every paged listing.
    init(_ page: Page<some Sendable>) {
        self.init(page: page.page, limit: page.limit, total: page.total, totalPages: page.totalPages)
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

extension Schemas.ProgramList {
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

extension Schemas.ProgramEnvelope: ResponseGenerator {
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
