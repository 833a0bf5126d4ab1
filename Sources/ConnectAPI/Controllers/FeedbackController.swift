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

    /// The values of one of the contract's enumerations, for a 422 message.
    static func choices<Choice: CaseIterable & RawRepresentable<String>>(_ type: Choice.Type) -> String {
        Choice.allCases.map(\.rawValue).joined(separator: ", ")
    }

    @Sendable func record(_ request: Request, context: Context) async throws -> EditedResponse<Schemas.Feedback> {
        let identity = try context.requireIdentity()
        let input: Schemas.FeedbackRequest
        do {
            input = try await request.decodeJSON(as: Schemas.FeedbackRequest.self, context: context)
        } catch DecodingError.dataCorrupted(let decoding) where decoding.codingPath.count == 1 {
            // A value outside the contract's enumeration: say which values it has.
            switch decoding.codingPath[0].stringValue {
            case "serviceType": throw APIError.unprocessable("Field 'serviceType' must be one of \(Self.choices(Schemas.FeedbackServiceType.self))")
            case "rating": throw APIError.unprocessable("Field 'rating' must be one of \(Self.choices(Schemas.FeedbackRating.self))")
            default: throw DecodingError.dataCorrupted(decoding)
            }
        }
        let resource = try TextRule(length: 1...100).validated(input.resourceId, field: "resourceId")
        let comment = try input.comment.map { try TextRule(length: 0...2000, multiline: true).validated($0, field: "comment") }
        let stored = try await feedback.record(
            userID: identity.userID, service: input.serviceType.domain, resourceID: resource, rating: input.rating.domain, comment: comment)
        return EditedResponse(
            status: stored.created ? .created : .ok,
            response: Schemas.Feedback(id: stored.id.uuidString, serviceType: input.serviceType, resourceId: resource, rating: input.rating))
    }
}
