/// A custom metric a step derives from its responses, recorded with the request's tags:
/// a counter (`when` it holds), a rate (of `value` holding) or a trend (of a numeric field, in
/// milliseconds, or the request's duration).
struct MetricRule: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// Adds 1 when `when` holds (always without one).
        case counter
        /// Adds a sample: whether `value` holds.
        case rate(Condition)
        /// Adds the selected number, as milliseconds.
        case trend(ResponseSelector)
    }

    let name: String
    let kind: Kind
    /// Only responses for which this holds are recorded.
    let when: Condition?

    func record(_ response: ResponseView, tags: [String: String], into sink: MetricsSink) {
        if let when, !when.holds(for: response) { return }
        switch kind {
        case .counter:
            sink.add(counter: name, tags: tags)
        case .rate(let condition):
            sink.add(rate: name, condition.holds(for: response), tags: tags)
        case .trend(let selector):
            guard let text = selector.select(response)?.text, let ms = Double(text), ms.isFinite, ms >= 0 else { return }
            sink.add(trend: name, .nanoseconds(Int64(ms * 1e6)), tags: tags)
        }
    }
}
