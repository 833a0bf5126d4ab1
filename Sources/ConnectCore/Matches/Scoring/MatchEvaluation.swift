/// The verdict of ``MatchScorer`` on one organization and one program.
public struct MatchEvaluation: Sendable, Equatable {
    public var program: FundingProgram
    public var eligibility: Eligibility
    /// Score out of 100; 0 when ineligible.
    public var score: Int
    public var breakdown: MatchBreakdown
    /// The hard filters that failed, when ineligible.
    public var failedRequirements: [String]
}
