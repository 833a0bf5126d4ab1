import NIOCore
import Synchronization

/// The requests the `hang` fault is holding. Each waits, without polling, until it is released
/// (fault switched off, reset, server closing), its connection is closed, its task is cancelled,
/// or its time limit passes. (A client that gives up is not always noticed: while a request is
/// in flight the HTTP pipeline stops reading, so its FIN goes unseen.)
final class HeldRequests: Sendable {
    private enum Entry {
        /// Registered, continuation not yet stored.
        case pending
        case waiting(CheckedContinuation<Void, Never>)
        /// Released before its continuation was stored: it must not wait at all.
        case released
    }

    private struct Storage {
        var entries: [UInt64: Entry] = [:]
        var nextID: UInt64 = 0
    }

    private let storage = Mutex(Storage())

    /// How many requests are held now.
    var count: Int {
        storage.withLock { $0.entries.count }
    }

    /// Waits until the request is released, `channel` closes, the task is cancelled or `limit`
    /// has passed.
    func hold(channel: any Channel, limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForRelease(channel: channel) }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Releases every held request.
    func releaseAll() {
        let continuations = storage.withLock { storage in
            var released: [CheckedContinuation<Void, Never>] = []
            for (id, entry) in storage.entries {
                switch entry {
                case .waiting(let continuation):
                    released.append(continuation)
                    storage.entries[id] = nil
                case .pending:
                    storage.entries[id] = .released
                case .released:
                    break
                }
            }
            return released
        }
        continuations.forEach { $0.resume() }
    }

    private func waitForRelease(channel: any Channel) async {
        let id = storage.withLock { storage in
            storage.nextID += 1
            storage.entries[storage.nextID] = .pending
            return storage.nextID
        }
        defer { storage.withLock { _ = $0.entries.removeValue(forKey: id) } }
        channel.closeFuture.whenComplete { _ in self.release(id) }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let releasedAlready = storage.withLock { storage in
                    if case .pending = storage.entries[id] {
                        storage.entries[id] = .waiting(continuation)
                        return false
                    }
                    return true
                }
                if releasedAlready { continuation.resume() }
            }
        } onCancel: {
            self.release(id)
        }
    }

    private func release(_ id: UInt64) {
        let continuation = storage.withLock { storage -> CheckedContinuation<Void, Never>? in
            switch storage.entries[id] {
            case .waiting(let continuation):
                storage.entries[id] = nil
                return continuation
            case .pending:
                storage.entries[id] = .released
                return nil
            case .released, nil:
                return nil
            }
        }
        continuation?.resume()
    }
}
