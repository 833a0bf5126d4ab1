import Foundation

/// A pause between steps, fixed (`1s`) or uniformly random in a range (`2s-5s`), like k6's
/// `sleep(randomIntBetween(2, 5))`.
struct ThinkTime: Sendable, Equatable {
    let low: Duration
    let high: Duration

    func pick() -> Duration {
        guard high > low else { return low }
        let lowNs = low.inNanoseconds, highNs = high.inNanoseconds
        return .nanoseconds(Int64.random(in: lowNs...highNs))
    }

    /// `1s` or `2s-5s`.
    init?(parsing text: String) {
        let pieces = text.split(separator: "-", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let low = pieces.first.flatMap({ Duration(k6: $0) }) else { return nil }
        let high = pieces.count == 2 ? Duration(k6: pieces[1]) : low
        guard let high, high >= low else { return nil }
        self.low = low
        self.high = high
    }
}
