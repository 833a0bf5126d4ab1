import Foundation

/// A stored match of one organization and one program, with the program itself.
public struct MatchRecord: Sendable, Codable, Equatable {
    public var id: UUID
    public var organizationID: UUID
    public var program: FundingProgram
    public var score: Int
    public var breakdown: MatchBreakdown
    public var eligibility: Eligibility
    public var viewed: Bool
    public var viewedAt: Date?
    public var saved: Bool
    public var savedAt: Date?
    public var createdAt: Date
}

/// Which matches a listing shows.
public enum MatchStatusFilter: String, Sendable, CaseIterable {
    /// Not opened yet.
    case new
    /// Opened at least once.
    case viewed
    /// Saved by the organization.
    case saved
}
