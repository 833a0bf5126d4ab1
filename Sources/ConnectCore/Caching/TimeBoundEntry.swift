import Foundation

/// A cached value that goes stale at a known time as well as on invalidation (a dashboard
/// listing deadlines "still ahead" is wrong once the first of them passes): the bytes stored
/// are the instant, 8 bytes of milliseconds since 1970, then the value.
enum TimeBoundEntry {
    /// `value` to store, valid until `validUntil` (`nil`: until invalidated).
    static func encode(_ value: [UInt8], validUntil: Date?) -> [UInt8] {
        let milliseconds = validUntil.map { Int64(($0.timeIntervalSince1970 * 1000).rounded(.down)) } ?? .max
        return withUnsafeBytes(of: milliseconds.littleEndian, Array.init) + value
    }

    /// The value of `stored`, or `nil` when it is malformed or stale at `now`.
    static func value(_ stored: [UInt8], at now: Date) -> ArraySlice<UInt8>? {
        guard stored.count >= 8 else { return nil }
        let milliseconds = stored.prefix(8).reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) }
        guard Double(milliseconds) > now.timeIntervalSince1970 * 1000 else { return nil }
        return stored.dropFirst(8)
    }
}
