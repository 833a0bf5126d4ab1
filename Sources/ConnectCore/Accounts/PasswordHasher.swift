import HummingbirdBcrypt
import NIOPosix

/// bcrypt on a thread pool of its own: a hash costs tens to hundreds of milliseconds, which
/// must not stall the event loops, the cooperative pool or the database threads.
public struct PasswordHasher: Sendable {
    /// bcrypt cost factor (2^cost rounds).
    public var cost: UInt8
    private let threadPool: NIOThreadPool

    public init(cost: UInt8 = 10, threadPool: NIOThreadPool = .singleton) {
        self.cost = cost
        self.threadPool = threadPool
    }

    /// The bcrypt hash of `password`.
    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`.
    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await threadPool.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
