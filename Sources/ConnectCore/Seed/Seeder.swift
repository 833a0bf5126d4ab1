import Foundation
import Logging
import PostgresClient

/// Writes the demo data: programs, organizations, their users and their matches. Idempotent:
/// rows are keyed by content hash, derived UUIDs and e-mail, so a second run updates in place.
public struct Seeder: Sendable {
    private let database: PostgresPool
    private let hasher: PasswordHasher
    private let scorer: MatchScorer
    private let logger: Logger

    public init(database: PostgresPool, hasher: PasswordHasher = PasswordHasher(), scorer: MatchScorer = MatchScorer(), logger: Logger) {
        self.database = database
        self.hasher = hasher
        self.scorer = scorer
        self.logger = logger
    }

    /// Seeds `data` with dates relative to `now`; returns the table counts afterwards.
    @discardableResult
    public func seed(_ data: SeedData, now: Date = Date()) async throws -> SeedSummary {
        // Hash passwords only for users that do not exist yet, before the transaction opens.
        let emails = data.organizations.flatMap(\.users).map { $0.email.lowercased() }
        let existing = Set(try await database.query("SELECT lower(email) FROM users WHERE lower(email) = ANY(\(emails))").map {
            try $0.decode(String.self, at: 0)
        })
        var hashes: [String: String] = [:]
        for email in emails where !existing.contains(email) {
            hashes[email] = try await hasher.hash(data.password)
        }
        let passwordHashes = hashes

        try await database.withTransaction { connection in
            for program in data.programs {
                try await upsert(program, now: now, on: connection)
            }
            let programs = try await connection.query(
                "SELECT \(unescaped: FundingProgram.columns) FROM funding_programs WHERE content_hash LIKE 'seed:%'"
            ).map(FundingProgram.init(row:))
            for entry in data.organizations {
                try await upsert(entry, on: connection)
                for user in entry.users {
                    guard let hash = passwordHashes[user.email.lowercased()] else { continue }
                    try await connection.query("""
                        INSERT INTO users (email, password_hash, name, role, organization_id)
                        VALUES (\(user.email), \(hash), \(user.name), \(user.role), \(entry.id))
                        ON CONFLICT ((lower(email))) DO NOTHING
                        """)
                }
                let organization = try Self.organization(from: entry)
                let ranked = scorer.rank(organization, against: programs, now: now, limit: entry.matchLimit)
                try await MatchGenerator.replaceMatches(of: organization.id, with: ranked, on: connection)
            }
        }
        let summary = try await counts()
        logger.info("seeded demo data", metadata: ["summary": "\(summary)"])
        return summary
    }

    /// Row counts of the seeded tables.
    public func counts() async throws -> SeedSummary {
        let row = try await database.query("""
            SELECT (SELECT count(*) FROM funding_programs), (SELECT count(*) FROM organizations),
                   (SELECT count(*) FROM users), (SELECT count(*) FROM funding_matches)
            """).first!
        let (programs, organizations, users, matches) = try row.decode((Int, Int, Int, Int).self)
        return SeedSummary(programs: programs, organizations: organizations, users: users, matches: matches)
    }

    // MARK: - Rows

    private func upsert(_ program: SeedData.Program, now: Date, on connection: PostgresConnection) async throws {
        let day: TimeInterval = 86_400
        let opens = now.addingTimeInterval(Double(program.opensInDays) * day)
        // Deadlines fall at 18:00 KST (09:00 UTC) of their day, like real announcements.
        let deadlineDay = floor(now.addingTimeInterval(Double(program.deadlineInDays) * day).timeIntervalSince1970 / day) * day
        let deadline = Date(timeIntervalSince1970: deadlineDay + 9 * 3600)
        try await connection.query("""
            INSERT INTO funding_programs (agency, ministry, title, description, announcement_url, budget_krw,
                application_start, deadline, published_at, target_types, min_trl, max_trl, category, keywords,
                required_certifications, allowed_business_structures, status, content_hash)
            VALUES (\(program.agency), \(program.ministry), \(program.title), \(program.description),
                \(program.announcementUrl), \(program.budgetKrw), \(opens), \(deadline), \(opens),
                \(program.targetTypes.map(\.rawValue)), \(program.minTrl), \(program.maxTrl), \(program.category),
                \(program.keywords), \(program.requiredCertifications ?? []), \(program.allowedBusinessStructures ?? []),
                'ACTIVE', \(program.contentHash))
            ON CONFLICT (content_hash) DO UPDATE SET
                ministry = EXCLUDED.ministry, description = EXCLUDED.description,
                announcement_url = EXCLUDED.announcement_url, budget_krw = EXCLUDED.budget_krw,
                application_start = EXCLUDED.application_start, deadline = EXCLUDED.deadline,
                published_at = EXCLUDED.published_at, target_types = EXCLUDED.target_types,
                min_trl = EXCLUDED.min_trl, max_trl = EXCLUDED.max_trl, category = EXCLUDED.category,
                keywords = EXCLUDED.keywords, required_certifications = EXCLUDED.required_certifications,
                allowed_business_structures = EXCLUDED.allowed_business_structures, status = 'ACTIVE',
                updated_at = now()
            """)
    }

    private func upsert(_ entry: SeedData.OrganizationEntry, on connection: PostgresConnection) async throws {
        let established = entry.establishedOn.flatMap { Date(postgresNonNullText: $0) }
        try await connection.query("""
            INSERT INTO organizations (id, name, type, business_structure, industry_sector, employee_count,
                revenue_range, trl, key_technologies, research_focus_areas, certifications, region, rd_experience,
                established_on)
            VALUES (\(entry.id), \(entry.name), \(entry.type.rawValue), \(entry.businessStructure),
                \(entry.industrySector), \(entry.employeeCount), \(entry.revenueRange), \(entry.trl),
                \(entry.keyTechnologies), \(entry.researchFocusAreas), \(entry.certifications), \(entry.region),
                \(entry.rdExperience), \(established))
            ON CONFLICT (id) DO UPDATE SET
                name = EXCLUDED.name, type = EXCLUDED.type, business_structure = EXCLUDED.business_structure,
                industry_sector = EXCLUDED.industry_sector, employee_count = EXCLUDED.employee_count,
                revenue_range = EXCLUDED.revenue_range, trl = EXCLUDED.trl,
                key_technologies = EXCLUDED.key_technologies, research_focus_areas = EXCLUDED.research_focus_areas,
                certifications = EXCLUDED.certifications, region = EXCLUDED.region,
                rd_experience = EXCLUDED.rd_experience, established_on = EXCLUDED.established_on
            """)
    }

    static func organization(from entry: SeedData.OrganizationEntry) throws -> Organization {
        Organization(
            id: entry.id, name: entry.name, type: entry.type, businessStructure: entry.businessStructure,
            industrySector: entry.industrySector, employeeCount: entry.employeeCount, revenueRange: entry.revenueRange,
            trl: entry.trl, keyTechnologies: entry.keyTechnologies, researchFocusAreas: entry.researchFocusAreas,
            certifications: entry.certifications, region: entry.region, rdExperience: entry.rdExperience,
            establishedOn: entry.establishedOn.flatMap { Date(postgresNonNullText: $0) })
    }
}
