import ConnectAPI
import ConnectCore
import Foundation

/// A program in a listing.
struct ProgramCardView {
    var url: String
    var title: String
    var agency: String
    var trl: String?
    var budget: String?
    var deadline: String?
    var keywords: [String]
    var hasKeywords: Bool

    init(_ program: FundingProgram, format: PageFormat) {
        url = "/programs/\(program.id.uuidString.lowercased())"
        title = program.title
        agency = program.agency
        trl = format.trlRange(min: program.minTRL, max: program.maxTRL)
        budget = format.budget(program.budgetKRW)
        deadline = format.deadline(program.deadline)
        keywords = program.keywords
        hasKeywords = !program.keywords.isEmpty
    }
}

/// `/`: the search form's values, the results and their pages.
struct ProgramListView {
    var keyword: String
    var agencies: [PageOption]
    var trls: [PageOption]
    var summary: String
    var programs: [ProgramCardView]
    var empty: Bool
    var pagination: PaginationView?
}

/// `/programs/{id}`.
struct ProgramDetailView {
    var title: String
    var agency: String
    var ministry: String?
    var category: String?
    var description: String
    var trl: String?
    var budget: String?
    var period: String?
    var deadline: String?
    var targetTypes: String?
    var certifications: String?
    var keywords: [String]
    var hasKeywords: Bool
    var announcementURL: String?

    init(_ program: FundingProgram, text: PageText, format: PageFormat) {
        title = program.title
        agency = program.agency
        ministry = program.ministry
        category = program.category
        description = program.description
        trl = format.trlRange(min: program.minTRL, max: program.maxTRL)
        budget = format.budget(program.budgetKRW)
        switch (format.day(program.applicationStart), format.day(program.deadline)) {
        case let (start?, end?): period = "\(start) – \(end)"
        default: period = nil
        }
        deadline = format.deadline(program.deadline)
        targetTypes = program.targetTypes.isEmpty ? nil : program.targetTypes.map(text.organizationKindName).joined(separator: ", ")
        certifications = program.requiredCertifications.isEmpty ? nil : program.requiredCertifications.joined(separator: ", ")
        keywords = program.keywords
        hasKeywords = !program.keywords.isEmpty
        // Only web addresses become links: a stored `javascript:` URL must never be clickable.
        announcementURL = program.announcementURL.flatMap { url in
            let lowered = url.lowercased()
            return lowered.hasPrefix("https://") || lowered.hasPrefix("http://") ? url : nil
        }
    }
}
