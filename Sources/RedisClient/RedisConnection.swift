import ConnectionPooling

/// A Redis connection lent by a ``RedisPool`` for the duration of a closure.
public struct RedisConnection: Sendable {
    let connection: HiredisConnection
    let pool: ConnectionPool<HiredisConnection>

    /// Sends one command, e.g. `command("SET", key, value, "EX", 60)`; an error reply throws.
    @discardableResult
    public func command(_ name: String, _ arguments: any RedisArgument...) async throws -> RESPValue {
        try await command([name] + arguments)
    }

    /// Sends one command given as a list of arguments, the command name first.
    /// - Parameter timeout: longest wait for the reply instead of the configured command timeout.
    @discardableResult
    public func command(_ arguments: [any RedisArgument], timeout: Duration? = nil) async throws -> RESPValue {
        let connection = self.connection
        let encoded = arguments.map(\.redisBytes)
        return try await pool.runBlocking { try connection.command(encoded, timeout: timeout) }
    }

    /// Sends many commands in one round trip and returns their replies in order; error replies
    /// come back as ``RESPValue/error(_:)`` in their place instead of throwing.
    public func pipeline(_ commands: [[any RedisArgument]]) async throws -> [RESPValue] {
        let connection = self.connection
        let encoded = commands.map { $0.map(\.redisBytes) }
        return try await pool.runBlocking { try connection.pipeline(encoded) }
    }
}
