import Tracing

/// A cache read as a span (`cache lookup NAME`, with `connect.cache.hit`) inside a traced request
/// or job; its Redis command is the span's child. Outside one, the read runs as it is.
enum CacheTracing {
    static func lookup<Value: Sendable>(_ cache: String, _ read: () async -> Value?) async -> Value? {
        guard TracedWork.active else { return await read() }
        return await withSpan("cache lookup \(cache)", ofKind: .internal) { span in
            let value = await read()
            span.attributes["connect.cache"] = cache
            span.attributes["connect.cache.hit"] = value != nil
            return value
        }
    }
}
