/// Percent-encoding (RFC 3986) of request targets rendered from templates.
enum PercentEncoding {
    /// A value substituted into a path, as RFC 6570's simple expansion `{var}` does: everything
    /// but the unreserved characters (`A-Z a-z 0-9 - . _ ~`) encoded, so `AI & 바이오` stays one
    /// query value or path segment (`AI%20%26%20%EB%B0%94…`).
    static func component(_ text: String) -> String {
        encode(text, keeping: isUnreserved)
    }

    /// A whole target: only the bytes a URI may not contain (spaces, non-ASCII text, `"<>\^`{|}`)
    /// encoded; reserved characters and existing `%XX` escapes are left as written.
    static func uri(_ text: String) -> String {
        encode(text, keeping: isURIByte)
    }

    /// The characters RFC 3986 allows in a request target (anything else must be percent-encoded).
    static func isURIByte(_ byte: UInt8) -> Bool {
        isUnreserved(byte) || ":/?#[]@!$&'()*+,;=%".utf8.contains(byte)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func encode(_ text: String, keeping keep: (UInt8) -> Bool) -> String {
        guard !text.utf8.allSatisfy(keep) else { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            if keep(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
