import LoadHarness

/// Input: a JSON path, a NUL byte, a JSON document. Invariants: reading never crashes, and a
/// parsed document written back as JSON parses to the same document.
enum JSONPathFuzzing {
    static func run(_ data: UnsafeRawBufferPointer) {
        let bytes = Array(data)
        let separator = bytes.firstIndex(of: 0) ?? bytes.count
        let documentBytes = separator < bytes.count ? Array(bytes[(separator + 1)...]) : []
        guard let document = JSONDocument(parsing: documentBytes) else { return }
        let written = document.json
        guard let again = JSONDocument(parsing: Array(written.utf8)) else { violated("its own JSON does not parse: \(written)") }
        guard again == document else { violated("\(written) reads back as \(again.json)") }
        if let path = try? JSONPath(parsing: String(decoding: bytes[..<separator], as: UTF8.self)) {
            _ = path.resolve(document)
        }
    }
}
