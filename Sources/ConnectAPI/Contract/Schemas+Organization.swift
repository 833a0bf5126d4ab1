import ConnectCore
import Foundation
import OpenAPIRuntime

extension Schemas.Organization {
    init(_ organization: Organization) {
        self.init(
            id: organization.id.uuidString, name: organization.name, _type: Schemas.OrganizationType(organization.type),
            businessStructure: organization.businessStructure, industrySector: organization.industrySector,
            employeeCount: organization.employeeCount, revenueRange: organization.revenueRange,
            technologyReadinessLevel: organization.trl, keyTechnologies: organization.keyTechnologies,
            researchFocusAreas: organization.researchFocusAreas, certifications: organization.certifications,
            region: organization.region, rdExperience: organization.rdExperience, establishedOn: organization.establishedOn)
    }
}

extension Schemas.OrganizationPatch {
    static let employeeCounts = ["UNDER_10", "FROM_10_TO_50", "FROM_50_TO_100", "FROM_100_TO_300", "OVER_300"]
    static let revenueRanges = ["UNDER_1B", "FROM_1B_TO_10B", "FROM_10B_TO_50B", "FROM_50B_TO_100B", "OVER_100B"]
    static let businessStructures = ["CORPORATION", "SOLE_PROPRIETOR", "NON_PROFIT", "GOVERNMENT"]

    /// `organization` with the patch applied (absent and null fields unchanged), or a 422 naming
    /// the first bad field.
    func applied(to organization: Organization) throws -> Organization {
        var result = organization
        func text(_ value: String?, _ field: String, max: Int) throws -> String? {
            guard let value else { return nil }
            return try TextRule(length: 1...max).validated(value, field: field)
        }
        func choice(_ container: OpenAPIValueContainer?, _ field: String, _ allowed: [String]) throws -> String? {
            guard let value = container?.value else { return nil }
            guard let text = value as? String, allowed.contains(text) else {
                throw APIError.unprocessable("Field '\(field)' must be one of \(allowed.joined(separator: ", "))")
            }
            return text
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
