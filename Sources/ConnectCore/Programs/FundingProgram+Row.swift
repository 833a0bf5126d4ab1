import Foundation
import PostgresClient

extension FundingProgram {
    /// The columns ``init(row:)`` reads, in order, for `SELECT \(unescaped: FundingProgram.columns) FROM funding_programs`.
    public static let columns = """
        id, agency, ministry, title, description, announcement_url, budget_krw, application_start, deadline, \
        published_at, target_types, min_trl, max_trl, category, keywords, required_certifications, \
        allowed_business_structures, status
        """

    /// ``columns`` qualified with a table alias, for joins: `p.id, p.agency, …`.
    public static func columns(qualifiedBy alias: String) -> String {
        columns.split(separator: ",").map { "\(alias)." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", ")
    }

    /// Decodes a row selected with ``columns``.
    public init(row: PostgresRow) throws {
        let (id, agency, ministry, title, description, url, budget, start, deadline) =
            try row.decode((UUID, String, String?, String, String, String?, Int64?, Date?, Date?).self)
        self.init(
            id: id, agency: agency, ministry: ministry, title: title, description: description, announcementURL: url,
            budgetKRW: budget, applicationStart: start, deadline: deadline,
            publishedAt: try row.decode(Date?.self, at: 9),
            targetTypes: try row.decode([String].self, at: 10).compactMap(Organization.Kind.init(rawValue:)),
            minTRL: try row.decode(Int?.self, at: 11),
            maxTRL: try row.decode(Int?.self, at: 12),
            category: try row.decode(String?.self, at: 13),
            keywords: try row.decode([String].self, at: 14),
            requiredCertifications: try row.decode([String].self, at: 15),
            allowedBusinessStructures: try row.decode([String].self, at: 16),
            status: Status(rawValue: try row.decode(String.self, at: 17)) ?? .archived)
    }
}
