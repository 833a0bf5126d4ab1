import DevStack
import Foundation
import RedisClient
import Synchronization
import Testing
import TestSupport

/// Server-assisted client-side caching: a subscription hears every change to keys under its
/// prefixes, made by any client, and hears again after the server restarts.
@Suite struct RedisInvalidationSubscriptionTests {
    /// What the listener heard, in order.
    final class Recorder: RedisInvalidationListener {
        enum Event: Equatable, Sendable {
            case subscribed, invalidated([String]), invalidatedAll, unsubscribed
        }

        private let heard = Mutex<[Event]>([])
        private let read = Mutex(0)

        func subscribed() { heard.withLock { $0.append(.subscribed) } }
        func invalidated(keys: [String]) { heard.withLock { $0.append(.invalidated(keys)) } }
        func invalidatedAll() { heard.withLock { $0.append(.invalidatedAll) } }
        func unsubscribed() { heard.withLock { $0.append(.unsubscribed) } }

        /// The next event not read yet, when it comes.
        func next() async throws -> Event {
            let index = read.withLock { index in
                defer { index += 1 }
                return index
            }
            while true {
                if let event = heard.withLock({ index < $0.count ? $0[index] : nil }) { return event }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// Runs a subscription to `prefixes` of the server at `url` beside `body`, which reads the
    /// listener's events; the subscription is cancelled when `body` returns.
    private func subscribed(to url: String, prefixes: [String], _ body: (Recorder) async throws -> Void) async throws {
        let recorder = Recorder()
        let subscription = RedisInvalidationSubscription(
            configuration: .init(url: url, connectTimeout: .milliseconds(500), label: "redis-tracking"), prefixes: prefixes, listener: recorder)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await subscription.run() }
            try await body(recorder)
            group.cancelAll()
        }
    }

    @Test(.timeLimit(.minutes(1))) func reportsChangesUnderItsPrefixesByAnyClient() async throws {
        try await TestStack.ensureRunning()
        let prefix = "tracking-\(UUID().uuidString.prefix(8)):"
        let writer = RedisPool(configuration: .init(url: TestStack.devStack.cache.url, poolSize: 1, label: "redis-writer"))
        try await subscribed(to: TestStack.devStack.cache.url, prefixes: [prefix]) { events in
            #expect(try await events.next() == .subscribed)
            try await writer.command("SET", prefix + "a", "1", "EX", 60)
            #expect(try await events.next() == .invalidated([prefix + "a"]))
            // A key outside the prefixes is not reported: the next report is the hash's.
            try await writer.command("SET", "untracked-\(prefix)b", "1", "EX", 60)
            try await writer.command("HSET", prefix + "h", "f", "한국어")
            #expect(try await events.next() == .invalidated([prefix + "h"]))
            try await writer.command("DEL", prefix + "a", prefix + "h", "untracked-\(prefix)b")
            var deleted: Set<String> = []
            while deleted.count < 2, case .invalidated(let keys) = try await events.next() { deleted.formUnion(keys) }
            #expect(deleted == [prefix + "a", prefix + "h"])
        }
        await writer.shutdown()
    }

    @Test(.timeLimit(.minutes(1))) func hearsAFlushAndSubscribesAgainAfterARestart() async throws {
        try await TestStack.withPrivateRedis(role: .queue) { server in
            // The writers are the test's tools, not what it tests: each its own pool with the
            // default connect timeout (in CI's parallel pass a 500 ms one expired once).
            let writer = RedisPool(configuration: .init(url: server.url, poolSize: 1, label: "redis-writer"))
            let writerAfterRestart = RedisPool(configuration: .init(url: server.url, poolSize: 1, label: "redis-writer"))
            try await subscribed(to: server.url, prefixes: ["cache:"]) { events in
                #expect(try await events.next() == .subscribed)
                try await writer.command("FLUSHALL")
                #expect(try await events.next() == .invalidatedAll)
                try await server.stop()
                #expect(try await events.next() == .unsubscribed)
                try await server.start()
                #expect(try await events.next() == .subscribed)
                try await writerAfterRestart.command("SET", "cache:after", "1")
                #expect(try await events.next() == .invalidated(["cache:after"]))
            }
            await writer.shutdown()
            await writerAfterRestart.shutdown()
        }
    }

    /// A subscription cancelled at any moment of its set-up ends (a server shutting down right
    /// after start-up once waited forever for a reply on a connection the cancellation closed).
    @Test(.timeLimit(.minutes(1))) func cancellingItAtAnyMomentOfItsSetUpEndsIt() async throws {
        try await TestStack.ensureRunning()
        for step in 0..<40 {
            let subscription = RedisInvalidationSubscription(
                configuration: .init(url: TestStack.devStack.cache.url, label: "redis-tracking"), prefixes: ["cancel-test:"], listener: Recorder())
            let running = Task { try await subscription.run() }
            try await Task.sleep(for: .microseconds(step * 150))
            running.cancel()
            _ = await running.result
        }
    }
}
