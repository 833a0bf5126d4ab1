import Foundation
import Hummingbird

extension Request {
    /// Decodes a JSON body of at most the context's upload limit. Errors stay typed (a
    /// `DecodingError`, or NIO's too-many-bytes error) so ``ErrorMiddleware`` can answer 400, 413
    /// or 422 naming the field, instead of a generic 400.
    func decodeJSON<Value: Decodable>(as type: Value.Type, context: some RequestContext) async throws -> Value {
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
    }
}
