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
}
