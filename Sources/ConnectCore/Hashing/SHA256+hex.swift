import Crypto

extension SHA256 {
    /// SHA-256 of `text`'s UTF-8 bytes as 64 lower-case hex digits (migration checksums, seed
    /// content hashes, cache keys).
    static func hex(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in hash(data: Array(text.utf8)) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
