/// A Redis reply: every RESP2 type hiredis decodes.
public enum RESPValue: Sendable, Hashable {
    /// `+OK`
    case simpleString(String)
    /// `-ERR …`, only inside pipelines and arrays; single commands throw ``RedisError``.
    case error(String)
    /// `:42`
    case integer(Int64)
    /// `$3\r\nfoo`, binary-safe.
    case bulkString([UInt8])
    /// `*2…`
    case array([RESPValue])
    /// `$-1` or `*-1`
    case null

    /// The text of a simple or bulk string (bulk decoded as UTF-8).
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The bytes of a bulk string.
    public var bytes: [UInt8]? {
        if case .bulkString(let bytes) = self { return bytes }
        return nil
    }

    /// An integer reply, or a string holding a decimal integer.
    public var int: Int? {
        switch self {
        case .integer(let value): Int(value)
        case .simpleString, .bulkString: string.flatMap { Int($0) }
        default: nil
        }
    }

    /// The elements of an array reply.
    public var array: [RESPValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// Whether this is a null reply.
    public var isNull: Bool { self == .null }
}
