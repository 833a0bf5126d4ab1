import ConnectCore
import Foundation
import Hummingbird

/// `POST /api/ai-feedback`: 201 the first time a user rates an answer, 200 when they rate it again.
struct FeedbackController: Sendable {
    typealias Context = ConnectRequestContext

    let feedback: FeedbackRepository

    func addRoutes(to group: RouterGroup<Context>) {
        group.post("ai-feedback", use: record)
    }

    struct FeedbackRequest: Decodable {
        var serviceType: String
        var resourceId: String
        var rating: String
        var comment: String?
    }

    struct FeedbackResponse: ResponseEncodable {
        var id: UUID
        var serviceType: String
        var resourceId: String
        var rating: String
    }

    @Sendable func record(_ request: Request, context: Context) async throws -> EditedResponse<FeedbackResponse> {
        let identity = try context.requireIdentity()
        let input = try await request.decodeJSON(as: FeedbackRequest.self, context: context)
        guard let service = FeedbackRepository.Service(rawValue: input.serviceType) else {
            throw APIError.unprocessable("Field 'serviceType' must be one of MATCH_EXPLANATION, QA_CHAT")
        }
        guard let rating = FeedbackRepository.Rating(rawValue: input.rating) else {
            throw APIError.unprocessable("Field 'rating' must be one of HELPFUL, NOT_HELPFUL")
        }
        let resource = try TextRule(length: 1...100).validated(input.resourceId, field: "resourceId")
        let comment = try input.comment.map { try TextRule(length: 0...2000, multiline: true).validated($0, field: "comment") }
        let stored = try await feedback.record(
            userID: identity.userID, service: service, resourceID: resource, rating: rating, comment: comment)
        return EditedResponse(
            status: stored.created ? .created : .ok,
            response: FeedbackResponse(id: stored.id, serviceType: service.rawValue, resourceId: resource, rating: rating.rawValue))
    }
}
