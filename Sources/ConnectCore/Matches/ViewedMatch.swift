/// A match as its owner opened it: the record (now viewed), whether this was the first viewing
/// (the match lists changed), and the organization's data version (which keys explanations).
public struct ViewedMatch: Sendable {
    public var record: MatchRecord
    public var firstView: Bool
    public var organizationDataVersion: Int
}
