import Tracing

/// Writes trace-context fields (`traceparent`, `tracestate`) into a dictionary, e.g. a queue
/// entry's fields.
public struct DictionaryInjector: Injector {
    public init() {}

    public func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key] = value
    }
}

/// Reads trace-context fields from a dictionary.
public struct DictionaryExtractor: Extractor {
    public init() {}

    public func extract(key: String, from carrier: [String: String]) -> String? {
        carrier[key]
    }
}
