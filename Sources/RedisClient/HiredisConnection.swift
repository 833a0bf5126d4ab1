import CHiredis
import ConnectionPooling

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One hiredis connection. Every method blocks and runs on a ``ConnectionPool`` thread.
///
/// Socket timeouts bound every reply; after an I/O error or a timeout the context is useless
/// (hiredis keeps no resumable state), so it is dropped and the next call reconnects.
final class HiredisConnection: PoolableConnection, @unchecked Sendable {
    private let configuration: RedisConfiguration
    private let address: RedisAddress
    private var context: UnsafeMutablePointer<redisContext>?
    /// Set each time the connection is lent: the first call checks whether the server closed
    /// the socket while it was idle (a restart) and reconnects if so.
    var checkBeforeUse = false

    init(configuration: RedisConfiguration) throws {
        guard let address = RedisAddress(url: configuration.url) else {
            throw RedisError(code: .configuration, message: "not a redis:// URL: \(configuration.url)")
        }
        self.configuration = configuration
        self.address = address
        try connect()
    }

    deinit {
        if let context { redisFree(context) }
    }

    func close() {
        if let context { redisFree(context) }
        context = nil
    }

    /// Sends one command and reads its reply; an error reply throws.
    func command(_ arguments: [[UInt8]], timeout: Duration? = nil) throws -> RESPValue {
        let context = try usableContext()
        if let timeout {
            redisSetTimeout(context, Self.timeval(timeout))
        }
        defer {
            if timeout != nil, let current = self.context { redisSetTimeout(current, Self.timeval(configuration.commandTimeout)) }
        }
        let raw = withArgv(arguments) { argc, argv, lengths in
            redisCommandArgv(context, argc, argv, lengths)
        }
        guard let raw else { throw ioError(context) }
        defer { freeReplyObject(raw) }
        let reply = RESPValue(reply: raw.assumingMemoryBound(to: redisReply.self))
        if case .error(let message) = reply { throw RedisError(code: .server, message: message) }
        return reply
    }

    /// Sends every command in one write, then reads the replies in order; error replies are
    /// returned as ``RESPValue/error(_:)`` in their place.
    func pipeline(_ commands: [[[UInt8]]]) throws -> [RESPValue] {
        let context = try usableContext()
        for arguments in commands {
            let appended = withArgv(arguments) { argc, argv, lengths in
                redisAppendCommandArgv(context, argc, argv, lengths)
            }
            guard appended == REDIS_OK else { throw ioError(context) }
        }
        var replies: [RESPValue] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw ioError(context) }
            replies.append(RESPValue(reply: raw.assumingMemoryBound(to: redisReply.self)))
            freeReplyObject(raw)
        }
        return replies
    }

    // MARK: - Connecting

    private func connect() throws {
        close()
        guard let context = redisConnectWithTimeout(address.host, address.port, Self.timeval(configuration.connectTimeout)) else {
            throw RedisError(code: .connection, message: "hiredis could not allocate a context")
        }
        if context.pointee.err != 0 {
            let message = Self.errorText(context)
            redisFree(context)
            throw RedisError(code: .connection, message: "\(address.host):\(address.port): \(message)")
        }
        redisSetTimeout(context, Self.timeval(configuration.commandTimeout))
        redisEnableKeepAlive(context)
        self.context = context
        do {
            if let password = address.password {
                let arguments = address.username.map { ["AUTH", $0, password] } ?? ["AUTH", password]
                _ = try command(arguments.map { Array($0.utf8) })
            }
            if address.database != 0 {
                _ = try command([Array("SELECT".utf8), Array(String(address.database).utf8)])
            }
        } catch {
            close()
            throw error
        }
    }

    private func usableContext() throws -> UnsafeMutablePointer<redisContext> {
        if checkBeforeUse {
            checkBeforeUse = false
            if let context, Self.serverHungUp(context) { close() }
        }
        if let context, context.pointee.err == 0 { return context }
        try connect()
        return context!
    }

    /// An idle connection outside pub/sub has nothing to read unless the server closed it.
    private static func serverHungUp(_ context: UnsafeMutablePointer<redisContext>) -> Bool {
        var descriptor = pollfd(fd: context.pointee.fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) != 0
    }

    // MARK: - Errors and replies

    /// The error of a failed call; the context is dropped because hiredis cannot resume it.
    private func ioError(_ context: UnsafeMutablePointer<redisContext>) -> RedisError {
        let isTimeout = context.pointee.err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK)
        let message = Self.errorText(context)
        close()
        if isTimeout {
            return RedisError(code: .timeout, message: "no reply from \(address.host):\(address.port) in time")
        }
        return RedisError(code: .connection, message: "\(address.host):\(address.port): \(message.isEmpty ? "connection lost" : message)")
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { buffer in
            let bytes = buffer.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    private static func timeval(_ duration: Duration) -> Glibc.timeval {
        let (seconds, attoseconds) = duration.components
        return Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}

/// Calls `body` with hiredis's argv form of `arguments`, laid out in one buffer.
private func withArgv<Result>(
    _ arguments: [[UInt8]],
    _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> Result
) -> Result {
    let total = arguments.reduce(0) { $0 + $1.count }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(total, 1)) { storage in
        var pointers: [UnsafePointer<CChar>?] = []
        var lengths: [Int] = []
        pointers.reserveCapacity(arguments.count)
        lengths.reserveCapacity(arguments.count)
        var offset = 0
        for argument in arguments {
            let start = storage.baseAddress! + offset
            argument.withUnsafeBufferPointer { bytes in
                if let base = bytes.baseAddress { start.update(from: base, count: bytes.count) }
            }
            pointers.append(UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self))
            lengths.append(argument.count)
            offset += argument.count
        }
        return pointers.withUnsafeMutableBufferPointer { argv in
            lengths.withUnsafeBufferPointer { argvLengths in
                body(Int32(arguments.count), argv.baseAddress!, argvLengths.baseAddress!)
            }
        }
    }
}
