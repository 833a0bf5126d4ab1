import Foundation
import StrictJSON

/// Input: a request body. Invariant: what the strict check accepts, Foundation's parser accepts
/// too — strict JSON is a subset of what the decoder reads, never a different language.
enum StrictJSONFuzzing {
    static func run(_ data: UnsafeRawBufferPointer) {
        guard (try? StrictJSON.validate(data)) != nil else { return }
        let bytes = Data(data)
        guard (try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])) != nil else {
            violated("accepted what Foundation refuses: \(String(decoding: bytes.prefix(200), as: UTF8.self))")
        }
    }
}
