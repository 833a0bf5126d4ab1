import CHiredis

#if canImport(Glibc)
import Glibc
#endif

/// Decodes RESP replies from bytes as they arrive, with hiredis's reader: ``feed(_:)`` what a
/// read brought, then ``next()`` until it answers `nil` (no complete reply yet). A protocol
/// error is final: the connection's bytes can no longer be trusted.
///
/// hiredis allocates an array's element table as soon as it reads the array's header, so
/// `*1777777777` asks for 14 GB before a single element arrives (found by fuzzing). The reader
/// builds replies with hiredis's own layout but refuses arrays longer than
/// ``maxArrayElements``; bulk strings need their bytes to arrive before any memory is taken.
public final class RESPReader {
    /// The longest array reply accepted; a longer one is a protocol error.
    public static let maxArrayElements = 1 << 20

    private let reader: UnsafeMutablePointer<redisReader>

    public init() {
        reader = redisReaderCreateWithFunctions(ReplyBuilder.functions)
    }

    deinit {
        redisReaderFree(reader)
    }

    /// Adds bytes read from the connection.
    public func feed(_ bytes: UnsafeRawBufferPointer) throws(RedisError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        guard redisReaderFeed(reader, base.assumingMemoryBound(to: CChar.self), bytes.count) == REDIS_OK else {
            throw protocolError()
        }
    }

    /// The next complete reply, or `nil` until more bytes arrive.
    public func next() throws(RedisError) -> RESPValue? {
        var reply: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &reply) == REDIS_OK else { throw protocolError() }
        guard let reply else { return nil }
        let typed = reply.assumingMemoryBound(to: redisReply.self)
        defer { freeReplyObject(reply) }
        return RESPValue(reply: typed)
    }

    private func protocolError() -> RedisError {
        let text = withUnsafeBytes(of: reader.pointee.errstr) { buffer in
            String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        }
        // hiredis reports a refused array as running out of memory.
        let reason = text.isEmpty ? "protocol error" : text == "Out of memory" ? "a reply too large (or out of memory)" : text
        return RedisError(code: .protocol, message: reason)
    }
}

/// hiredis's reply constructors, rewritten with a bound on arrays: the same `redisReply` layout,
/// allocated with `calloc`/`malloc`, so `freeReplyObject` frees them.
private enum ReplyBuilder {
    nonisolated(unsafe) static let functions: UnsafeMutablePointer<redisReplyObjectFunctions> = {
        let table = UnsafeMutablePointer<redisReplyObjectFunctions>.allocate(capacity: 1)
        table.initialize(to: redisReplyObjectFunctions(
            createString: { task, text, length in
                guard let task, let reply = make(task.pointee.type, task) else { return nil }
                guard let copy = malloc(length + 1)?.assumingMemoryBound(to: CChar.self) else {
                    freeReplyObject(reply)
                    return nil
                }
                if let text, length > 0 { memcpy(copy, text, length) }
                copy[length] = 0
                reply.pointee.str = copy
                reply.pointee.len = length
                return attach(reply, task)
            },
            createArray: { task, elements in
                guard let task, elements <= RESPReader.maxArrayElements, let reply = make(REDIS_REPLY_ARRAY, task) else { return nil }
                if elements > 0 {
                    guard let table = calloc(Int(elements), MemoryLayout<UnsafeMutablePointer<redisReply>?>.stride) else {
                        freeReplyObject(reply)
                        return nil
                    }
                    reply.pointee.element = table.assumingMemoryBound(to: UnsafeMutablePointer<redisReply>?.self)
                }
                reply.pointee.elements = Int(elements)
                return attach(reply, task)
            },
            createInteger: { task, value in
                guard let task, let reply = make(REDIS_REPLY_INTEGER, task) else { return nil }
                reply.pointee.integer = value
                return attach(reply, task)
            },
            createNil: { task in
                guard let task, let reply = make(REDIS_REPLY_NIL, task) else { return nil }
                return attach(reply, task)
            },
            freeObject: { freeReplyObject($0) }))
        return table
    }()

    private static func make(_ type: Int32, _ task: UnsafePointer<redisReadTask>) -> UnsafeMutablePointer<redisReply>? {
        guard let raw = calloc(1, MemoryLayout<redisReply>.stride) else { return nil }
        let reply = raw.assumingMemoryBound(to: redisReply.self)
        reply.pointee.type = type
        return reply
    }

    /// Puts `reply` at its place in its parent array, as hiredis does.
    private static func attach(_ reply: UnsafeMutablePointer<redisReply>, _ task: UnsafePointer<redisReadTask>) -> UnsafeMutableRawPointer {
        if let parent = task.pointee.parent, let array = parent.pointee.obj?.assumingMemoryBound(to: redisReply.self) {
            array.pointee.element[Int(task.pointee.idx)] = reply
        }
        return UnsafeMutableRawPointer(reply)
    }
}
