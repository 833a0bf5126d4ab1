import Foundation

/// A government R&D funding program announced by an agency.
public struct FundingProgram: Sendable, Codable, Equatable {
    /// Whether a program still takes applications.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case active = "ACTIVE"
        case expired = "EXPIRED"
        case archived = "ARCHIVED"
    }

    public var id: UUID
    /// IITP, KEIT, TIPA, KIMST, NTIS…
    public var agency: String
    public var ministry: String?
    public var title: String
    public var description: String
    public var announcementURL: String?
    public var budgetKRW: Int64?
    public var applicationStart: Date?
    public var deadline: Date?
    public var publishedAt: Date?
    /// Organization types that may apply; empty means any.
    public var targetTypes: [Organization.Kind]
    public var minTRL: Int?
    public var maxTRL: Int?
    public var category: String?
    public var keywords: [String]
    public var requiredCertifications: [String]
    public var allowedBusinessStructures: [String]
    public var status: Status

    public init(
        id: UUID, agency: String, ministry: String? = nil, title: String, description: String = "",
        announcementURL: String? = nil, budgetKRW: Int64? = nil, applicationStart: Date? = nil, deadline: Date? = nil,
        publishedAt: Date? = nil, targetTypes: [Organization.Kind] = [], minTRL: Int? = nil, maxTRL: Int? = nil,
        category: String? = nil, keywords: [String] = [], requiredCertifications: [String] = [],
        allowedBusinessStructures: [String] = [], status: Status = .active
    ) {
        self.id = id
        self.agency = agency
        self.ministry = ministry
        self.title = title
        self.description = description
        self.announcementURL = announcementURL
        self.budgetKRW = budgetKRW
        self.applicationStart = applicationStart
        self.deadline = deadline
        self.publishedAt = publishedAt
        self.targetTypes = targetTypes
        self.minTRL = minTRL
        self.maxTRL = maxTRL
        self.category = category
        self.keywords = keywords
        self.requiredCertifications = requiredCertifications
        self.allowedBusinessStructures = allowedBusinessStructures
        self.status = status
    }
}
