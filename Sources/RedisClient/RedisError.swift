/// An error from the Redis client: connecting, an I/O failure or timeout, or an error reply.
///
/// `description` names the kind only; `String(reflecting:)` adds the server's or the OS's text.
public struct RedisError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The server could not be reached, or the connection broke mid-command.
        public static let connection = Code("connection")
        /// The server did not answer within the command timeout.
        public static let timeout = Code("timeout")
        /// The server answered with an error reply (`WRONGTYPE…`, `ERR…`).
        public static let server = Code("server")
        /// The configuration cannot be used (a malformed URL).
        public static let configuration = Code("configuration")
        /// The bytes received are not RESP.
        public static let `protocol` = Code("protocol")
    }

    public var code: Code
    /// The server's error reply or the client's explanation.
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The first word of a server error reply, e.g. `WRONGTYPE` or `NOSCRIPT`.
    public var prefix: String? {
        guard code == .server else { return nil }
        return message.split(separator: " ", maxSplits: 1).first.map(String.init)
    }

    public var description: String { "RedisError(code: \(code))" }
    public var debugDescription: String { "RedisError(code: \(code), message: \(message))" }
}
