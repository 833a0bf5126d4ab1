/// A Redis connection lent by ``RedisPool/withConnection(_:)`` for the duration of a closure,
/// for nobody else: the place for blocking commands (`XREADGROUP … BLOCK`) and for a sequence
/// that must share one connection (`WATCH`/`MULTI`/`EXEC`).
public struct RedisConnection: Sendable {
    let connection: RedisChannelConnection

    /// Sends one command, e.g. `command("SET", key, value, "EX", 60)`; an error reply throws.
    @discardableResult
    public func command(_ name: String, _ arguments: any RedisArgument...) async throws -> RESPValue {
        try await command([name] + arguments)
    }

    /// Sends one command given as a list of arguments, the command name first.
    /// - Parameter timeout: longest wait for the reply instead of the configured command timeout.
    @discardableResult
    public func command(_ arguments: [any RedisArgument], timeout: Duration? = nil) async throws -> RESPValue {
        try await connection.send(arguments, timeout: timeout).throwingServerError()
    }

    /// Sends many commands in one write and returns their replies in order; error replies
    /// come back as ``RESPValue/error(_:)`` in their place instead of throwing.
    public func pipeline(_ commands: [[any RedisArgument]]) async throws -> [RESPValue] {
        try await connection.send(pipeline: commands, timeout: nil)
    }
}

extension RESPValue {
    /// The reply, or a ``RedisError`` with code `.server` when it is an error reply.
    func throwingServerError() throws -> RESPValue {
        if case .error(let message) = self { throw RedisError(code: .server, message: message) }
        return self
    }
}
