import ConnectCore
import Foundation
import Hummingbird

/// An organization profile with the original platform's camelCase field names.
struct OrganizationResponse: Encodable {
    var id: UUID
    var name: String
    var type: String
    var businessStructure: String?
    var industrySector: String?
    var employeeCount: String?
    var revenueRange: String?
    var technologyReadinessLevel: Int?
    var keyTechnologies: [String]
    var researchFocusAreas: [String]
    var certifications: [String]
    var region: String?
    var rdExperience: Bool
    var establishedOn: Date?

    init(_ organization: Organization) {
        id = organization.id
        name = organization.name
        type = organization.type.rawValue
        businessStructure = organization.businessStructure
        industrySector = organization.industrySector
        employeeCount = organization.employeeCount
        revenueRange = organization.revenueRange
        technologyReadinessLevel = organization.trl
        keyTechnologies = organization.keyTechnologies
        researchFocusAreas = organization.researchFocusAreas
        certifications = organization.certifications
        region = organization.region
        rdExperience = organization.rdExperience
        establishedOn = organization.establishedOn
    }
}

/// `GET` and `PATCH /api/organizations/{id}`.
struct OrganizationEnvelope: ResponseEncodable {
    var organization: OrganizationResponse
}

/// `PATCH /api/organizations/{id}` body: every field optional, each validated.
struct OrganizationPatch: Decodable {
    var name: String?
    var industrySector: String?
    var employeeCount: String?
    var rdExperience: Bool?
    var technologyReadinessLevel: Int?
    var revenueRange: String?
    var businessStructure: String?
    var researchFocusAreas: [String]?
    var keyTechnologies: [String]?
    var certifications: [String]?
    var region: String?

    static let employeeCounts = ["UNDER_10", "FROM_10_TO_50", "FROM_50_TO_100", "FROM_100_TO_300", "OVER_300"]
    static let revenueRanges = ["UNDER_1B", "FROM_1B_TO_10B", "FROM_10B_TO_50B", "FROM_50B_TO_100B", "OVER_100B"]
    static let businessStructures = ["CORPORATION", "SOLE_PROPRIETOR", "NON_PROFIT", "GOVERNMENT"]

    /// `organization` with the patch applied, or a 422 naming the first bad field.
    func applied(to organization: Organization) throws -> Organization {
        var result = organization
        func text(_ value: String?, _ field: String, max: Int) throws -> String? {
            guard let value else { return nil }
            return try TextRule(length: 1...max).validated(value, field: field)
        }
        func choice(_ value: String?, _ field: String, _ allowed: [String]) throws -> String? {
            guard let value else { return nil }
            guard allowed.contains(value) else { throw APIError.unprocessable("Field '\(field)' must be one of \(allowed.joined(separator: ", "))") }
            return value
        }
        func list(_ value: [String]?, _ field: String) throws -> [String]? {
            guard let value else { return nil }
            guard value.count <= 30 else { throw APIError.unprocessable("Field '\(field)' takes at most 30 items") }
            return try value.enumerated().map { index, item in
                try TextRule(length: 1...60).validated(item, field: "\(field)[\(index)]")
            }
        }
        if let name = try text(name, "name", max: 200) { result.name = name }
        if let sector = try text(industrySector, "industrySector", max: 100) { result.industrySector = sector }
        if let employees = try choice(employeeCount, "employeeCount", Self.employeeCounts) { result.employeeCount = employees }
        if let revenue = try choice(revenueRange, "revenueRange", Self.revenueRanges) { result.revenueRange = revenue }
        if let structure = try choice(businessStructure, "businessStructure", Self.businessStructures) { result.businessStructure = structure }
        if let level = technologyReadinessLevel {
            guard (1...9).contains(level) else { throw APIError.unprocessable("Field 'technologyReadinessLevel' must be from 1 to 9") }
            result.trl = level
        }
        if let rdExperience { result.rdExperience = rdExperience }
        if let areas = try list(researchFocusAreas, "researchFocusAreas") { result.researchFocusAreas = areas }
        if let technologies = try list(keyTechnologies, "keyTechnologies") { result.keyTechnologies = technologies }
        if let held = try list(certifications, "certifications") { result.certifications = held }
        if let region = try text(region, "region", max: 50) { result.region = region }
        return result
    }
}
