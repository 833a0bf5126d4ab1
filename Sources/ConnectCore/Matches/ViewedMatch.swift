/// A match as its owner opened it: the record (a full ``MatchRecord``, or a ``MatchSummary`` for an
/// explanation), whether this was the first viewing (the match lists changed), and the
/// organization's data version (which keys explanations).
public struct ViewedMatch<Record: Sendable>: Sendable {
    public var record: Record
    public var firstView: Bool
    public var organizationDataVersion: Int
}
