import NIOCore

/// The bytes of an error body, `{"error":{"code":"…","message":"…"}}`, written directly: the same
/// output as `JSONEncoder.api` (sorted keys, slashes unescaped), without its boxing. Errors are
/// the router floor's whole answer (every unknown path is a 404); there `APIError.response` with
/// the encoder was 8.8 % of the server's samples, and writing the bytes directly took the floor
/// from 0.41× to 0.54× liveness (docs/BENCHMARKS.md).
enum APIErrorBody {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func encode(code: String, message: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(32 + code.utf8.count + message.utf8.count)
        buffer.writeStaticString(#"{"error":{"code":"#)
        appendQuoted(code, to: &buffer)
        buffer.writeStaticString(#","message":"#)
        appendQuoted(message, to: &buffer)
        buffer.writeStaticString("}}")
        return buffer
    }

    /// A JSON string literal as Foundation writes it: `"` and `\` escaped, `\b \f \n \r \t` by
    /// name, other control characters as `\u00XX`, everything else (slashes, non-ASCII) as is.
    static func appendQuoted(_ text: String, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.writeStaticString(#"\""#)
            case UInt8(ascii: "\\"): buffer.writeStaticString(#"\\"#)
            case 0x08: buffer.writeStaticString(#"\b"#)
            case 0x0C: buffer.writeStaticString(#"\f"#)
            case 0x0A: buffer.writeStaticString(#"\n"#)
            case 0x0D: buffer.writeStaticString(#"\r"#)
            case 0x09: buffer.writeStaticString(#"\t"#)
            case 0..<0x20:
                buffer.writeStaticString(#"\u00"#)
                buffer.writeInteger(hexDigits[Int(byte >> 4)])
                buffer.writeInteger(hexDigits[Int(byte & 0x0F)])
            default: buffer.writeInteger(byte)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
