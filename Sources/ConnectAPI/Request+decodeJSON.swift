import Foundation
import Hummingbird
import StrictJSON

extension Request {
    /// Decodes a JSON body of at most the context's upload limit. The body must be strict JSON
    /// (``StrictJSON``: no trailing commas, no duplicate keys…), else a 400 `malformed_json`
    /// saying what and where. Decoding errors stay typed (a `DecodingError`, or NIO's
    /// too-many-bytes error) so ``ErrorMiddleware`` can answer 413 or 422 naming the field.
    func decodeJSON<Value: Decodable>(as type: Value.Type, context: some RequestContext) async throws -> Value {
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        do {
            try buffer.withUnsafeReadableBytes { (bytes) throws(StrictJSON.Violation) in try StrictJSON.validate(bytes) }
        } catch {
            throw APIError.badRequest("Request body is not valid JSON: \(error)", code: "malformed_json")
        }
        return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
    }
}
