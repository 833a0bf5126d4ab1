import DevStack
import Foundation
import Logging
import RedisClient
import Testing
import TestSupport

@testable import ConnectCore

/// Entries grouped per owner on the dev stack's cache instance: an invalidation drops them, and
/// a page rebuilt from data read before it is not kept after it.
@Suite struct RedisCacheTests {
    func withCache(_ body: (RedisCache, UUID) async throws -> Void) async throws {
        try await TestStack.ensureRunning()
        let pool = RedisPool(configuration: .init(url: TestStack.devStack.cache.url + "/3", poolSize: 2))
        let cache = RedisCache(redis: pool, namespace: "test:cache:\(UUID())", ttlSeconds: 60, logger: Logger(label: "test"))
        do {
            try await body(cache, UUID())
            await pool.shutdown()
        } catch {
            await pool.shutdown()
            throw error
        }
    }

    @Test func aPageRebuiltFromAReadBeforeAnInvalidationIsNotKept() async throws {
        try await withCache { cache, owner in
            let before = await cache.get(owner: owner, entry: "all|1|20")
            #expect(before.bytes == nil && before.generation == 0)
            // A write lands (and invalidates) while the page is being rebuilt from older data.
            await cache.invalidate(owner: owner)
            await cache.set(owner: owner, entry: "all|1|20", bytes: Array("stale".utf8), generation: before.generation)
            let after = await cache.get(owner: owner, entry: "all|1|20")
            #expect(after.bytes == nil)
            #expect(after.generation == 1)
            // Rebuilt under the current generation, it is kept until the next invalidation.
            await cache.set(owner: owner, entry: "all|1|20", bytes: Array("fresh".utf8), generation: after.generation)
            #expect(await cache.get(owner: owner, entry: "all|1|20").bytes == Array("fresh".utf8))
            await cache.invalidate(owner: owner)
            let dropped = await cache.get(owner: owner, entry: "all|1|20")
            #expect(dropped.bytes == nil && dropped.generation == 2)
        }
    }

    /// With a near cache, a value read once is served from the process (here through a pool
    /// that is shut down) until another client changes it; this process's own invalidation
    /// drops its copy at once.
    @Test(.timeLimit(.minutes(1))) func aNearCopyIsServedUntilAnotherClientChangesTheKey() async throws {
        try await TestStack.ensureRunning()
        let url = TestStack.devStack.cache.url + "/3"
        let namespace = "test:near:\(UUID())"
        let near = NearCache(maxBytes: 1 << 20, maxAge: .seconds(60))
        let subscription = RedisInvalidationSubscription(
            configuration: .init(url: url), prefixes: [RedisCache.keyPrefix(namespace)], listener: near)
        let pool = RedisPool(configuration: .init(url: url, poolSize: 2))
        let closed = RedisPool(configuration: .init(url: url, poolSize: 1))
        await closed.shutdown()
        let cache = RedisCache(redis: pool, namespace: namespace, ttlSeconds: 60, near: near, logger: Logger(label: "test"))
        let offline = RedisCache(redis: closed, namespace: namespace, ttlSeconds: 60, near: near, logger: Logger(label: "test"))
        let owner = UUID()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await subscription.run() }
            while !near.isLive { try await Task.sleep(for: .milliseconds(10)) }
            await cache.set(owner: owner, entry: "page", bytes: Array("one".utf8), generation: 0)
            // The set's own report may come after the first read: read until a copy is kept.
            while await cache.get(owner: owner, entry: "page").bytes == Array("one".utf8), near.occupancy.keys == 0 {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(await offline.get(owner: owner, entry: "page").bytes == Array("one".utf8))
            // Another client (another replica) changes the owner's hash: the copy goes.
            try await pool.command("HSET", RedisCache.keyPrefix(namespace) + owner.uuidString.lowercased(), "e:page", "two")
            while await offline.get(owner: owner, entry: "page").bytes != nil { try await Task.sleep(for: .milliseconds(10)) }
            #expect(await cache.get(owner: owner, entry: "page").bytes == Array("two".utf8))
            // This process's own invalidation needs no report: the next read misses at once.
            while near.occupancy.keys == 0 { _ = await cache.get(owner: owner, entry: "page") }
            await cache.invalidate(owner: owner)
            #expect(await offline.get(owner: owner, entry: "page").bytes == nil)
            #expect(await cache.get(owner: owner, entry: "page").bytes == nil)
            group.cancelAll()
        }
        await pool.shutdown()
    }

    @Test func noEntryNameReachesTheGeneration() async throws {
        try await withCache { cache, owner in
            await cache.invalidate(owner: owner)
            for name in ["g", "e:g", "", "|||"] {
                await cache.set(owner: owner, entry: name, bytes: Array(name.utf8) + [0, 0xFF], generation: 1)
                let read = await cache.get(owner: owner, entry: name)
                #expect(read.bytes == Array(name.utf8) + [0, 0xFF])
                #expect(read.generation == 1)
            }
        }
    }

    @Test func withoutRedisAReadKnowsNoGenerationAndNothingIsStored() async throws {
        let pool = RedisPool(configuration: .init(
            url: "redis://127.0.0.1:\(TestStack.freePort())", poolSize: 1, connectTimeout: .milliseconds(300)))
        let cache = RedisCache(redis: pool, namespace: "test:cache", ttlSeconds: 60, logger: Logger(label: "test"))
        let read = await cache.get(owner: UUID(), entry: "all|1|20")
        #expect(read.bytes == nil && read.generation == nil)
        await cache.set(owner: UUID(), entry: "all|1|20", bytes: [1], generation: read.generation)
        await pool.shutdown()
    }
}
