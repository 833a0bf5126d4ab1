import NIOCore

/// The bytes of an error body, `{"error":{"code":"…","message":"…"}}`, written directly: the same
/// output as `JSONEncoder.api` (sorted keys, slashes unescaped), without its boxing. Errors are
/// the router floor's whole answer (every unknown path is a 404); there `APIError.response` with
/// the encoder was 8.8 % of the server's samples, and writing the bytes directly took the floor
/// from 0.41× to 0.54× liveness (docs/BENCHMARKS.md).
enum APIErrorBody {
    static func encode(code: String, message: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(32 + code.utf8.count + message.utf8.count)
        buffer.writeStaticString(#"{"error":{"code":"#)
        JSONBodyWriter.appendQuoted(code, to: &buffer)
        buffer.writeStaticString(#","message":"#)
        JSONBodyWriter.appendQuoted(message, to: &buffer)
        buffer.writeStaticString("}}")
        return buffer
    }
}
