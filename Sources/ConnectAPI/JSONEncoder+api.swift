import Foundation

extension JSONEncoder {
    /// The encoder of every JSON body: sorted keys (stable output), ISO 8601 dates.
    static let api = api(dates: .iso8601)

    /// ``api`` with dates to the millisecond (`2026-11-22T12:14:03.123Z`), for the readiness body.
    static let apiWithMilliseconds = api(dates: .custom { date, encoder in
        var container = encoder.singleValueContainer()
        try container.encode(ISO8601DateFormatter.withFractionalSeconds.string(from: date))
    })

    private static func api(dates: DateEncodingStrategy) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = dates
        return encoder
    }
}
