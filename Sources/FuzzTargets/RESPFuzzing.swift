import RedisClient

/// Input: a split byte, then bytes a Redis server might send, fed in two reads. Invariants: the
/// reader yields replies or a protocol error and never crashes, and after an error it keeps
/// refusing (the connection is unusable).
enum RESPFuzzing {
    static func run(_ data: UnsafeRawBufferPointer) {
        guard data.count >= 1 else { return }
        let bytes = UnsafeRawBufferPointer(rebasing: data[1...])
        let split = Int(data[0]) % (bytes.count + 1)
        let reader = RESPReader()
        var replies = 0
        do {
            for piece in [UnsafeRawBufferPointer(rebasing: bytes[..<split]), UnsafeRawBufferPointer(rebasing: bytes[split...])] {
                try reader.feed(piece)
                while let value = try reader.next() {
                    replies += 1
                    _ = (value.string, value.int, value.array?.count)
                    if replies > bytes.count { violated("more replies than bytes") }
                }
            }
        } catch {
            do {
                _ = try reader.next()
                violated("a reply after a protocol error")
            } catch {}
        }
    }
}
