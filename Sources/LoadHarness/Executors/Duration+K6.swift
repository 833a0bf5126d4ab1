import Foundation

extension Duration {
    /// Parses a k6 duration: `10s`, `500ms`, `1m30s`, `2h`, `250us`; a bare number is seconds.
    /// Returns nil for anything else.
    public init?(k6 text: String) {
        let units: [(String, Double)] = [("ms", 1e-3), ("us", 1e-6), ("µs", 1e-6), ("h", 3600), ("m", 60), ("s", 1)]
        if let seconds = Double(text), seconds >= 0 {
            self = .nanoseconds(Int64(seconds * 1e9))
            return
        }
        var rest = Substring(text)
        var seconds = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let (unit, scale) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.count)
            seconds += value * scale
        }
        guard !text.isEmpty else { return nil }
        self = .nanoseconds(Int64(seconds * 1e9))
    }

    /// The duration as k6 writes it: `1m30s`, `2h`, `500ms`, `0s`.
    public var k6Description: String {
        let milliseconds = (inNanoseconds + 500_000) / 1_000_000
        if milliseconds % 1000 != 0 && milliseconds < 60_000 {
            return milliseconds < 1000 ? "\(milliseconds)ms" : String(format: "%.1fs", Double(milliseconds) / 1000)
        }
        var seconds = milliseconds / 1000
        guard seconds > 0 else { return "0s" }
        var text = ""
        if seconds >= 3600 {
            text += "\(seconds / 3600)h"
            seconds %= 3600
        }
        if seconds >= 60 {
            text += "\(seconds / 60)m"
            seconds %= 60
        }
        if seconds > 0 { text += "\(seconds)s" }
        return text
    }
}
