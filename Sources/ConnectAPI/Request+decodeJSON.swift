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
        let bytes = Array(buffer.readableBytesView)
        try Self.checkStrictJSON(bytes)
        return try JSONDecoder().decode(type, from: Data(bytes))
    }

    /// A 400 `malformed_json` unless `bytes` are strict JSON. Kept out of line: inlined into the
    /// async handlers, its typed throw crashed the optimizer's coroutine splitting (Swift 6.3.1, `-O`).
    @inline(never)
    static func checkStrictJSON(_ bytes: [UInt8]) throws(APIError) {
        do {
            try StrictJSON.validate(bytes)
        } catch {
            throw APIError.badRequest("Request body is not valid JSON: \(error)", code: "malformed_json")
        }
    }
}
