import Crypto
import Foundation

/// The demo data in `seed/`: programs, organizations with their users, and the shared password.
public struct SeedData: Sendable {
    /// One program of `seed/programs.json`; dates are days relative to the day of seeding.
    public struct Program: Sendable, Decodable {
        public var agency: String
        public var ministry: String?
        public var title: String
        public var description: String
        public var announcementUrl: String?
        public var budgetKrw: Int64?
        public var opensInDays: Int
        public var deadlineInDays: Int
        public var targetTypes: [Organization.Kind]
        public var minTrl: Int?
        public var maxTrl: Int?
        public var category: String?
        public var keywords: [String]
        public var requiredCertifications: [String]?
        public var allowedBusinessStructures: [String]?

        /// Stable identity across runs and days: agency and title.
        public var contentHash: String { "seed:" + SeedData.sha256(agency + "|" + title) }
    }

    /// One user of an organization in `seed/organizations.json`.
    public struct User: Sendable, Decodable {
        public var email: String
        public var name: String
        public var role: String
    }

    /// One organization of `seed/organizations.json`.
    public struct OrganizationEntry: Sendable, Decodable {
        public var key: String
        public var name: String
        public var type: Organization.Kind
        public var businessStructure: String?
        public var industrySector: String?
        public var employeeCount: String?
        public var revenueRange: String?
        public var trl: Int?
        public var keyTechnologies: [String]
        public var researchFocusAreas: [String]
        public var certifications: [String]
        public var region: String?
        public var rdExperience: Bool
        public var establishedOn: String?
        /// How many matches the seed keeps for this organization.
        public var matchLimit: Int
        public var users: [User]

        /// A UUID derived from the key, so re-seeding updates the same row.
        public var id: UUID { SeedData.stableUUID("organization:" + key) }
    }

    private struct OrganizationsFile: Decodable {
        var password: String
        var organizations: [OrganizationEntry]
    }

    public var programs: [Program]
    public var organizations: [OrganizationEntry]
    /// The password of every seeded user (documented in the README).
    public var password: String

    /// Reads `programs.json` and `organizations.json` from a seed folder.
    public static func load(from directory: String) throws -> SeedData {
        let decoder = JSONDecoder()
        let programs = try decoder.decode([Program].self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/programs.json")))
        let file = try decoder.decode(OrganizationsFile.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/organizations.json")))
        return SeedData(programs: programs, organizations: file.organizations, password: file.password)
    }

    static func sha256(_ text: String) -> String {
        SHA256.hex(text)
    }

    /// A version-4-shaped UUID from the first 16 bytes of SHA-256 of `name`.
    static func stableUUID(_ name: String) -> UUID {
        var bytes = Array(SHA256.hash(data: Array(("connect-seed:" + name).utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
