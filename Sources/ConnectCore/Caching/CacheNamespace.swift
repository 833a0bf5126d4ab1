/// The key prefixes of the cache instance's caches, in one place: each cache's keys, and the
/// prefixes whose changes the near cache's subscription hears.
enum CacheNamespace {
    static let matchLists = "cache:matches"
    static let programSearches = "cache:programs"
    static let explanations = "explanation"
    static let chatAnswers = "chat:answer"

    /// The namespaces the near cache keeps (the rate limits' counters, under `ratelimit:`, change
    /// with every request and stay out).
    static let nearCached = [matchLists, programSearches, explanations, chatAnswers]
}
