/// Points per scoring component of a match, and the reasons behind them (stored as jsonb).
public struct MatchBreakdown: Sendable, Codable, Equatable {
    /// Industry or category fit, 0–25.
    public var industry: Int
    /// Keyword overlap between the program and the organization's technologies, 0–20.
    public var keywords: Int
    /// Technology readiness fit, 0–15.
    public var trl: Int
    /// Organization type among the program's targets, 0–15.
    public var organizationType: Int
    /// R&D experience, 0–10.
    public var rdExperience: Int
    /// Time left before the deadline, 0–15.
    public var deadline: Int
    /// Program keywords the organization shares.
    public var matchedKeywords: [String]
    /// Why the program fits, one short sentence each (Korean).
    public var reasons: [String]
    /// What to check before applying (Korean).
    public var cautions: [String]

    /// The score out of 100.
    public var total: Int { industry + keywords + trl + organizationType + rdExperience + deadline }

    /// Most points each component can give; they add up to 100.
    public static let maximums = (industry: 25, keywords: 20, trl: 15, organizationType: 15, rdExperience: 10, deadline: 15)
}
