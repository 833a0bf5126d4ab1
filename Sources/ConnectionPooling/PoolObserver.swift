/// Where a pool reports what its metrics are made of: how long each caller waited for a
/// connection, and how long each command (a PostgreSQL statement, a Redis command or pipeline)
/// took from send to reply. Called on the caller's task for every acquire and command: it must
/// be cheap and must not block.
public protocol PoolObserver: Sendable {
    /// A caller got a connection after `wait` (zero when one was free at once).
    func acquired(after wait: Duration)
    /// A command finished after `duration`; `failed` when it threw (an error reply, a timeout, a
    /// lost connection).
    func commandFinished(after duration: Duration, failed: Bool)
    /// Runs one command: `operation` names it (a statement's SQL with `$N` placeholders, a Redis
    /// command's name), for a trace span around it. By default it only times it (``timing(_:)``).
    func instrument<Result>(_ operation: String, _ command: () async throws -> Result) async throws -> Result
}

extension PoolObserver {
    public func instrument<Result>(_ operation: String, _ command: () async throws -> Result) async throws -> Result {
        try await timing(command)
    }

    /// Runs `command`, reporting its duration and whether it threw.
    @inlinable
    public func timing<Result>(_ command: () async throws -> Result) async throws -> Result {
        let start = ContinuousClock.now
        do {
            let result = try await command()
            commandFinished(after: ContinuousClock.now - start, failed: false)
            return result
        } catch {
            commandFinished(after: ContinuousClock.now - start, failed: true)
            throw error
        }
    }
}
