import Foundation

/// What an explanation shows of its match and keys its cache with: the score and the program's
/// id, title, agency and deadline (not the breakdown, the eligibility or the program's text).
public struct MatchSummary: Sendable, Equatable {
    public var id: UUID
    public var score: Int
    public var programID: UUID
    public var programTitle: String
    public var agency: String
    public var deadline: Date?

    public init(id: UUID, score: Int, programID: UUID, programTitle: String, agency: String, deadline: Date?) {
        self.id = id
        self.score = score
        self.programID = programID
        self.programTitle = programTitle
        self.agency = agency
        self.deadline = deadline
    }

    /// The summary of a full record.
    public init(_ record: MatchRecord) {
        self.init(
            id: record.id, score: record.score, programID: record.program.id, programTitle: record.program.title,
            agency: record.program.agency, deadline: record.program.deadline)
    }
}
