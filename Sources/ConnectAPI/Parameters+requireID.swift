import Foundation
import Hummingbird

extension Parameters {
    /// A UUID path parameter; anything else is a 400 `invalid_id`.
    package func requireID(_ name: String) throws -> UUID {
        guard let text = get(name), let id = UUID(uuidString: text) else {
            throw APIError.badRequest("Path parameter '\(name)' must be a UUID", code: "invalid_id")
        }
        return id
    }
}
