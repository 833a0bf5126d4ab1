import Foundation
import PostgresClient

/// Organizations in PostgreSQL.
public struct OrganizationRepository: Sendable {
    private let database: PostgresPool

    public init(database: PostgresPool) {
        self.database = database
    }

    static let columns = """
        id, name, type, business_structure, industry_sector, employee_count, revenue_range, trl, key_technologies, \
        research_focus_areas, certifications, region, rd_experience, established_on
        """

    static func organization(_ row: PostgresRow) throws -> Organization {
        let (id, name, type, structure, sector, employees, revenue, trl) =
            try row.decode((UUID, String, String, String?, String?, String?, String?, Int?).self)
        return Organization(
            id: id, name: name, type: Organization.Kind(rawValue: type) ?? .company, businessStructure: structure,
            industrySector: sector, employeeCount: employees, revenueRange: revenue, trl: trl,
            keyTechnologies: try row.decode([String].self, at: 8), researchFocusAreas: try row.decode([String].self, at: 9),
            certifications: try row.decode([String].self, at: 10), region: try row.decode(String?.self, at: 11),
            rdExperience: try row.decode(Bool.self, at: 12), establishedOn: try row.decode(Date?.self, at: 13))
    }

    public func find(_ id: UUID) async throws -> Organization? {
        try await database.query("SELECT \(unescaped: Self.columns) FROM organizations WHERE id = \(id)").first.map(Self.organization)
    }

    /// The organization and its data version (bumped by every profile change).
    public func findWithVersion(_ id: UUID) async throws -> (Organization, Int)? {
        guard let row = try await database.query(
            "SELECT \(unescaped: Self.columns), data_version FROM organizations WHERE id = \(id)"
        ).first else { return nil }
        return (try Self.organization(row), try row.decode(Int.self, at: 14))
    }

    /// Writes every profile field of `organization` and bumps its data version (which keys the
    /// explanation cache); returns the stored row.
    public func update(_ organization: Organization) async throws -> Organization? {
        try await database.query("""
            UPDATE organizations SET name = \(organization.name), business_structure = \(organization.businessStructure),
                industry_sector = \(organization.industrySector), employee_count = \(organization.employeeCount),
                revenue_range = \(organization.revenueRange), trl = \(organization.trl),
                key_technologies = \(organization.keyTechnologies), research_focus_areas = \(organization.researchFocusAreas),
                certifications = \(organization.certifications), region = \(organization.region),
                rd_experience = \(organization.rdExperience), data_version = data_version + 1, updated_at = now()
            WHERE id = \(organization.id)
            RETURNING \(unescaped: Self.columns)
            """).first.map(Self.organization)
    }
}
