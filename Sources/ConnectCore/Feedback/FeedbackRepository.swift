import Foundation
import PostgresClient

/// Ratings of AI answers, one per user, service and resource.
public struct FeedbackRepository: Sendable {
    /// Which AI answer is rated.
    public enum Service: String, Sendable, CaseIterable {
        case matchExplanation = "MATCH_EXPLANATION"
        case qaChat = "QA_CHAT"
    }

    /// Whether the answer helped.
    public enum Rating: String, Sendable, CaseIterable {
        case helpful = "HELPFUL"
        case notHelpful = "NOT_HELPFUL"
    }

    private let database: PostgresPool

    public init(database: PostgresPool) {
        self.database = database
    }

    /// Records or replaces the user's rating; returns its id and whether it was new.
    public func record(userID: UUID, service: Service, resourceID: String, rating: Rating, comment: String?) async throws -> (id: UUID, created: Bool) {
        let row = try await database.query("""
            INSERT INTO ai_feedback (user_id, service_type, resource_id, rating, comment)
            VALUES (\(userID), \(service.rawValue), \(resourceID), \(rating.rawValue), \(comment))
            ON CONFLICT (user_id, service_type, resource_id) DO UPDATE
                SET rating = EXCLUDED.rating, comment = EXCLUDED.comment, updated_at = now()
            RETURNING id, (xmax = 0)
            """).first!
        return try row.decode((UUID, Bool).self)
    }
}
