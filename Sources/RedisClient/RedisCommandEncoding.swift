import CHiredis
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Encodes commands as RESP with hiredis's `redisFormatCommandArgv`, straight into a `ByteBuffer`.
enum RedisCommandEncoding {
    /// Appends one command, the name first, to `buffer`.
    static func append(_ arguments: [any RedisArgument], to buffer: inout ByteBuffer) {
        let bytes = arguments.map(\.redisBytes)
        withArgv(bytes) { argc, argv, lengths in
            var target: UnsafeMutablePointer<CChar>?
            let length = redisFormatCommandArgv(&target, argc, argv, lengths)
            guard length >= 0, let target else {
                // hiredis fails only when malloc does.
                fatalError("redisFormatCommandArgv could not allocate \(bytes.count) arguments")
            }
            defer { redisFreeCommand(target) }
            buffer.writeBytes(UnsafeRawBufferPointer(start: target, count: Int(length)))
        }
    }

    /// The bytes of `commands`, one after another, ready to write in one go.
    static func encode(_ commands: [[any RedisArgument]], allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 64 * commands.count)
        for command in commands { append(command, to: &buffer) }
        return buffer
    }
}

/// Calls `body` with hiredis's argv form of `arguments`, laid out in one buffer.
private func withArgv<Result>(
    _ arguments: [[UInt8]],
    _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> Result
) -> Result {
    let total = arguments.reduce(0) { $0 + $1.count }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(total, 1)) { storage in
        withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: max(arguments.count, 1)) { argv in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: max(arguments.count, 1)) { lengths in
                var offset = 0
                for (index, argument) in arguments.enumerated() {
                    let start = storage.baseAddress! + offset
                    argument.withUnsafeBufferPointer { bytes in
                        if let base = bytes.baseAddress { start.update(from: base, count: bytes.count) }
                    }
                    argv[index] = UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self)
                    lengths[index] = argument.count
                    offset += argument.count
                }
                return body(Int32(arguments.count), argv.baseAddress!, lengths.baseAddress!)
            }
        }
    }
}
