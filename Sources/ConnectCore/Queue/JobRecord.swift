import Foundation

/// A background job's state, kept in PostgreSQL (the queue only carries its id).
public struct JobRecord: Sendable, Equatable {
    /// Where a job is in its life.
    public enum Status: String, Sendable, Codable {
        case queued = "QUEUED", running = "RUNNING", succeeded = "SUCCEEDED", failed = "FAILED", dead = "DEAD"
    }

    public var id: UUID
    public var kind: String
    public var status: Status
    public var attempts: Int
    public var lastError: String?
    public var resultJSON: String?
    public var userID: UUID?
    public var organizationID: UUID?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
}
