import Foundation

extension JSONEncoder {
    /// The encoder of every JSON body: sorted keys (stable output), ISO 8601 dates.
    static let api: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}
