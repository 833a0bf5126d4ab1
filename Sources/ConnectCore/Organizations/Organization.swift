import Foundation

/// A company or institute looking for funding; the side of a match that applies.
public struct Organization: Sendable, Codable, Equatable {
    /// Kinds of applicant that programs target.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case company = "COMPANY"
        case researchInstitute = "RESEARCH_INSTITUTE"
        case university = "UNIVERSITY"
        case publicInstitution = "PUBLIC_INSTITUTION"
    }

    public var id: UUID
    public var name: String
    public var type: Kind
    public var businessStructure: String?
    public var industrySector: String?
    public var employeeCount: String?
    public var revenueRange: String?
    /// Technology readiness level, 1–9.
    public var trl: Int?
    public var keyTechnologies: [String]
    public var researchFocusAreas: [String]
    /// Certifications held: 벤처, INNOBIZ, MAINBIZ, 기업부설연구소…
    public var certifications: [String]
    public var region: String?
    public var rdExperience: Bool
    public var establishedOn: Date?

    public init(
        id: UUID, name: String, type: Kind, businessStructure: String? = nil, industrySector: String? = nil,
        employeeCount: String? = nil, revenueRange: String? = nil, trl: Int? = nil, keyTechnologies: [String] = [],
        researchFocusAreas: [String] = [], certifications: [String] = [], region: String? = nil,
        rdExperience: Bool = false, establishedOn: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.businessStructure = businessStructure
        self.industrySector = industrySector
        self.employeeCount = employeeCount
        self.revenueRange = revenueRange
        self.trl = trl
        self.keyTechnologies = keyTechnologies
        self.researchFocusAreas = researchFocusAreas
        self.certifications = certifications
        self.region = region
        self.rdExperience = rdExperience
        self.establishedOn = establishedOn
    }
}
