import ConnectCore
import Testing

/// The near cache's rules, without Redis: what a read may keep, and what drops it.
@Suite struct NearCacheTests {
    private func live(maxBytes: Int = 1 << 20, maxAge: Duration = .seconds(60)) -> NearCache {
        let cache = NearCache(maxBytes: maxBytes, maxAge: maxAge)
        cache.subscribed()
        return cache
    }

    /// A clean read: a ticket, the value, kept.
    private func read(_ cache: NearCache, _ key: String, field: String = "", _ value: String) {
        guard let ticket = cache.beginRead(key) else { return }
        cache.endRead(ticket, field: field, storing: value, cost: value.utf8.count)
    }

    @Test func nothingIsServedOrKeptUntilTheSubscriptionIsUp() {
        let cache = NearCache(maxBytes: 1 << 20, maxAge: .seconds(60))
        #expect(cache.beginRead("k") == nil)
        cache.subscribed()
        read(cache, "k", "v")
        #expect(cache.value("k") as? String == "v")
        // Lost: nothing served, nothing kept, even when it comes back.
        cache.unsubscribed()
        #expect(cache.value("k") == nil && cache.beginRead("k") == nil)
        cache.subscribed()
        #expect(cache.value("k") == nil)
        #expect(cache.occupancy.keys == 0 && cache.occupancy.bytes == 0)
    }

    @Test func aReportDropsEveryFieldOfItsKeyAndNoOther() {
        let cache = live()
        read(cache, "owner:1", field: "e:a", "a")
        read(cache, "owner:1", field: "e:b", "b")
        read(cache, "owner:2", field: "e:a", "c")
        #expect(cache.value("owner:1", field: "e:b") as? String == "b")
        cache.invalidated(keys: ["owner:1"])
        #expect(cache.value("owner:1", field: "e:a") == nil && cache.value("owner:1", field: "e:b") == nil)
        #expect(cache.value("owner:2", field: "e:a") as? String == "c")
        #expect(cache.occupancy.keys == 1 && cache.occupancy.bytes == 1 + "e:a".utf8.count + NearCache.copyOverhead)
        cache.invalidatedAll()
        #expect(cache.value("owner:2", field: "e:a") == nil && cache.occupancy.bytes == 0)
    }

    /// The report of a change made just after the server answered a read can arrive before the
    /// answer: the read's value is not kept. A report of another key does not spoil it.
    @Test func aReadWhoseKeyChangedMeanwhileIsNotKept() throws {
        let cache = live()
        let spoilt = try #require(cache.beginRead("k"))
        let unaffected = try #require(cache.beginRead("other"))
        cache.invalidated(keys: ["k"])
        let later = try #require(cache.beginRead("k"))
        cache.endRead(spoilt, storing: "old", cost: 3)
        #expect(cache.value("k") == nil)
        cache.endRead(unaffected, storing: "kept", cost: 4)
        #expect(cache.value("other") as? String == "kept")
        // A read that began after the report keeps its value.
        cache.endRead(later, storing: "new", cost: 3)
        #expect(cache.value("k") as? String == "new")
        // A drop by this process spoils reads under way just the same.
        let beforeDrop = try #require(cache.beginRead("k"))
        cache.drop("k")
        cache.endRead(beforeDrop, storing: "old", cost: 3)
        #expect(cache.value("k") == nil)
    }

    @Test func aReadAcrossALostSubscriptionIsNotKept() throws {
        let cache = live()
        let ticket = try #require(cache.beginRead("k"))
        cache.unsubscribed()
        cache.subscribed()
        cache.endRead(ticket, storing: "old", cost: 3)
        #expect(cache.value("k") == nil && cache.occupancy.keys == 0)
    }

    @Test func aCopyExpiresAfterItsMaximumAge() {
        let cache = live(maxAge: .zero)
        read(cache, "k", "v")
        #expect(cache.value("k") == nil)
        #expect(cache.occupancy.bytes == 0)
    }

    @Test func copiesPastTheBudgetAreDropped() {
        let cache = live(maxBytes: 4000)
        for index in 0..<100 { read(cache, "k\(index)", String(repeating: "x", count: 50)) }
        #expect(cache.occupancy.bytes <= 4000)
        #expect(cache.occupancy.keys >= 10)
        // Empty values are charged their bookkeeping: they are bounded too.
        for index in 0..<1000 { read(cache, "empty\(index)", "") }
        #expect(cache.occupancy.bytes <= 4000 && cache.occupancy.keys <= 4000 / NearCache.copyOverhead)
        // One value larger than a quarter of the budget is never kept.
        read(cache, "large", String(repeating: "x", count: 1000))
        #expect(cache.value("large") == nil)
    }
}
