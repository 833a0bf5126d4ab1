import Synchronization

/// The id every response carries in `X-Request-Id`: the caller's, when it sent a sane one, else a
/// new one. Used by ``RequestObservationMiddleware`` and by the handlers that answer on the event
/// loop (health probes, refused connections).
enum RequestID {
    /// `incoming` when it is acceptable, else a generated id.
    static func adopting(_ incoming: String?) -> String {
        if let incoming, isAcceptable(incoming) { return incoming }
        return generate()
    }

    /// Up to 128 visible ASCII characters; anything else is replaced, so logs stay clean.
    static func isAcceptable(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 128 && value.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// 32 hex digits: a random per-process prefix and a counter, unique without a syscall per
    /// request, written straight into the string's storage (every response carries one).
    static func generate() -> String {
        let prefix = RequestIDSequence.prefix
        let counter = RequestIDSequence.counter.add(1, ordering: .relaxed).newValue
        return String(unsafeUninitializedCapacity: 32) { buffer in
            RequestIDSequence.writeHex(prefix, into: buffer, at: 0)
            RequestIDSequence.writeHex(counter, into: buffer, at: 16)
            return 32
        }
    }
}

/// The process-wide source of generated request ids.
enum RequestIDSequence {
    static let prefix = UInt64.random(in: .min ... .max)
    static let counter = Atomic<UInt64>(0)

    /// Writes `value` as 16 lowercase hex digits, zero-padded, at `offset`.
    static func writeHex(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        let digits: StaticString = "0123456789abcdef"
        for index in 0..<16 {
            let nibble = Int((value >> UInt64(60 - 4 * index)) & 0xF)
            buffer[offset + index] = digits.utf8Start[nibble]
        }
    }
}
