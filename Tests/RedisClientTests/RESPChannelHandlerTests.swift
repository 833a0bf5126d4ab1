import NIOCore
import NIOEmbedded
import Testing

@testable import RedisClient

/// The channel handler alone, on an embedded channel: replies matched to requests in order,
/// whatever the reads' boundaries, pipelines, timeouts and a broken connection.
@Suite struct RESPChannelHandlerTests {
    let replies = "+OK\r\n:42\r\n$3\r\nfoo\r\n$-1\r\n*3\r\n$1\r\na\r\n*1\r\n:-7\r\n*0\r\n-ERR wrong\r\n"
    let expected: [RESPValue] = [
        .simpleString("OK"), .integer(42), .bulkString(Array("foo".utf8)), .null,
        .array([.bulkString([97]), .array([.integer(-7)]), .array([])]), .error("ERR wrong"),
    ]

    func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(RESPChannelHandler(server: "embedded:0"))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
        #expect(channel.isActive)
        return channel
    }

    /// Writes a request of `bytes` waiting for `count` replies; the future completes with them.
    func write(
        _ bytes: ByteBuffer, on channel: EmbeddedChannel, count: Int = 1, timeout: TimeAmount = .seconds(5)
    ) throws -> EventLoopFuture<[RESPValue]> {
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        try channel.writeOutbound(RedisRequest(bytes: bytes, replies: .promise(promise, count: count), timeout: timeout))
        return promise.futureResult
    }

    /// Writes one command per expected reply (the last two as a pipeline of two).
    func send(on channel: EmbeddedChannel) throws -> (singles: [EventLoopFuture<[RESPValue]>], pipeline: EventLoopFuture<[RESPValue]>) {
        var singles: [EventLoopFuture<[RESPValue]>] = []
        for index in 0..<4 {
            singles.append(try write(RedisCommandEncoding.encode([["ECHO", index]], allocator: channel.allocator), on: channel))
        }
        let pipeline = try write(RedisCommandEncoding.encode([["ECHO", 4], ["ECHO", 5]], allocator: channel.allocator), on: channel, count: 2)
        return (singles, pipeline)
    }

    @Test func repliesSplitAtEveryByteBoundaryReachTheirRequests() throws {
        let bytes = Array(replies.utf8)
        for split in 0...bytes.count {
            let channel = try channel()
            let (singles, pipeline) = try send(on: channel)
            var written = try #require(try channel.readOutbound(as: ByteBuffer.self))
            while let more = try channel.readOutbound(as: ByteBuffer.self) { written.writeImmutableBuffer(more) }
            #expect(String(buffer: written).hasPrefix("*2\r\n$4\r\nECHO\r\n$1\r\n0\r\n"))
            try channel.writeInbound(ByteBuffer(bytes: bytes[..<split]))
            try channel.writeInbound(ByteBuffer(bytes: bytes[split...]))
            var received = try singles.flatMap { try $0.wait() }
            received += try pipeline.wait()
            #expect(received == expected, "split at \(split)")
            _ = try channel.finish()
        }
    }

    @Test func anOverdueReplyFailsEveryWaitingRequestAndClosesTheChannel() throws {
        let channel = try channel()
        let first = try write(ByteBuffer(string: "*1\r\n$4\r\nPING\r\n"), on: channel, timeout: .milliseconds(100))
        let second = try write(ByteBuffer(string: "*1\r\n$4\r\nPING\r\n"), on: channel)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(99))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        for future in [first, second] {
            let error = #expect(throws: RedisError.self) { try future.wait() }
            #expect(error?.code == .timeout)
        }
        #expect(!channel.isActive)
    }

    @Test func aTimerIsRearmedForTheNextRequestOnceTheOldestIsAnswered() throws {
        let channel = try channel()
        let first = try write(ByteBuffer(string: "x"), on: channel, timeout: .milliseconds(100))
        try channel.writeInbound(ByteBuffer(string: "+PONG\r\n"))
        #expect(try first.wait() == [.simpleString("PONG")])
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(50))
        // Written at 50 ms: due at 250 ms, after the first request's 100 ms.
        let second = try write(ByteBuffer(string: "x"), on: channel, timeout: .milliseconds(200))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(199))
        #expect(channel.isActive, "the second request's own deadline has not passed")
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(throws: RedisError.self) { try second.wait() }
        #expect(!channel.isActive)
    }

    @Test func aReplyNobodyAskedForOrBytesThatAreNotRESPCloseTheConnection() throws {
        let unasked = try channel()
        try unasked.writeInbound(ByteBuffer(string: "+OK\r\n"))
        #expect(!unasked.isActive)

        let garbage = try channel()
        let reply = try write(ByteBuffer(string: "x"), on: garbage)
        try garbage.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\n"))
        let error = #expect(throws: RedisError.self) { try reply.wait() }
        #expect(error?.code == .protocol)
        #expect(!garbage.isActive)
    }

    @Test func aClosedConnectionFailsWhatWaits() throws {
        let channel = try channel()
        let reply = try write(ByteBuffer(string: "x"), on: channel, count: 2)
        try channel.writeInbound(ByteBuffer(string: "+OK\r\n"))
        channel.pipeline.fireChannelInactive()
        let error = #expect(throws: RedisError.self) { try reply.wait() }
        #expect(error?.code == .connection)
    }

    @Test func commandsAreEncodedAsRESPArrays() {
        let buffer = RedisCommandEncoding.encode([["SET", "k", [0, 13, 10] as [UInt8]], ["GET", "값"]], allocator: ByteBufferAllocator())
        #expect(Array(buffer.readableBytesView) == Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n\0\r\n\r\n*2\r\n$3\r\nGET\r\n$3\r\n".utf8) + Array("값".utf8) + [13, 10])
    }

    @Test func blockingCommandsAreRecognised() {
        #expect(RedisBlockingCommand.blocks(["BLPOP", "k", 1]))
        #expect(RedisBlockingCommand.blocks(["blpop", "k", 1]))
        #expect(RedisBlockingCommand.blocks(["XREADGROUP", "GROUP", "g", "c", "BLOCK", 100, "STREAMS", "s", ">"]))
        #expect(RedisBlockingCommand.blocks(["xread", "block", 0, "STREAMS", "s", "$"]))
        #expect(!RedisBlockingCommand.blocks(["XREADGROUP", "GROUP", "g", "c", "COUNT", 1, "STREAMS", "s", ">"]))
        #expect(!RedisBlockingCommand.blocks(["GET", "BLOCK"]))
        #expect(!RedisBlockingCommand.blocks(["SET", "k", "v"]))
        #expect(!RedisBlockingCommand.blocks([]))
    }
}
