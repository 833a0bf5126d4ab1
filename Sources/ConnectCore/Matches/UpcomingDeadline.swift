import Foundation

/// A match whose program's deadline is ahead, as the dashboard lists it: the few fields it
/// shows, read without the match's breakdown or the whole program.
public struct UpcomingDeadline: Sendable {
    public var matchID: UUID
    public var programID: UUID
    public var title: String
    public var agency: String
    public var deadline: Date?
    public var score: Int
}
