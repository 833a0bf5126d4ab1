/// Told what a ``RedisInvalidationSubscription`` hears: a client-side cache of Redis keys
/// (server-assisted client-side caching, Redis's `CLIENT TRACKING`).
///
/// Calls come from the subscription's event loop, one at a time, in the order the server sent
/// them. Between ``subscribed()`` and ``unsubscribed()`` every change to a key under the
/// subscription's prefixes is reported; outside that span changes can go unheard, so nothing
/// read then may be kept.
public protocol RedisInvalidationListener: Sendable {
    /// The server reports every change from now on.
    func subscribed()
    /// These keys changed (were written, deleted, expired or evicted).
    func invalidated(keys: [String])
    /// Every key may have changed (`FLUSHALL`, `FLUSHDB`).
    func invalidatedAll()
    /// The subscription's connection closed: changes from now on go unheard until ``subscribed()``.
    func unsubscribed()
}
