import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A plain TCP connection for tests that must see what an HTTP client library hides: the bytes
/// as they arrive, requests sent in pieces, and whether the connection ended cleanly or with a
/// reset.
final class RawSocket: Sendable {
    /// How the connection ended.
    enum Ending: Equatable, Sendable {
        /// The server closed its side cleanly.
        case closed
        /// The server reset the connection (`ECONNRESET`).
        case reset
        /// Any other error.
        case failed(String)
    }

    /// One response read off the connection.
    struct Response: Sendable {
        var status: Int
        var headers: [String: String]
        var body: String

        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    fileprivate struct State {
        var received: [UInt8] = []
        /// Bytes already returned by ``readResponse(timeout:)``.
        var consumed = 0
        var ending: Ending?
        var waiters: [(id: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var nextWaiter = 0
    }

    private let inbox: Inbox
    private let channel: any Channel

    private init(channel: any Channel, inbox: Inbox) {
        self.channel = channel
        self.inbox = inbox
    }

    /// Connects to `127.0.0.1:port`.
    static func connect(port: Int, host: String = "127.0.0.1") async throws -> RawSocket {
        let inbox = Inbox()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(inbox: inbox))
                }
            }
            .connect(host: host, port: port).get()
        return RawSocket(channel: channel, inbox: inbox)
    }

    /// Sends bytes as they are.
    func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    /// Closes the client's side.
    func close() async {
        try? await channel.close().get()
    }

    /// Closes with a reset (`SO_LINGER` 0), as a client that crashed or gave up would.
    func reset() async {
        try? await (channel as? any SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        try? await channel.close().get()
    }

    /// How the connection ended, once it has; `nil` if it is still open after `timeout`.
    func ending(within timeout: Duration) async -> Ending? {
        await wait(until: { $0.ending != nil }, timeout: timeout)
        return inbox.state.withLock { $0.ending }
    }

    /// The next complete response (head and `Content-Length` body); `nil` when the connection
    /// ends first or none is complete after `timeout`.
    func readResponse(timeout: Duration = .seconds(10)) async -> Response? {
        await wait(until: { Self.parse($0.received[$0.consumed...]) != nil || $0.ending != nil }, timeout: timeout)
        return inbox.state.withLock { state in
            guard let (response, length) = Self.parse(state.received[state.consumed...]) else { return nil }
            state.consumed += length
            return response
        }
    }

    private static func parse(_ bytes: ArraySlice<UInt8>) -> (Response, Int)? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headEnd = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else { return nil }
        let head = String(decoding: bytes[bytes.startIndex..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let bodyStart = headEnd + 4
        let length = Int(headers["content-length"] ?? "0") ?? 0
        guard bytes.endIndex - bodyStart >= length else { return nil }
        let body = String(decoding: bytes[bodyStart..<(bodyStart + length)], as: UTF8.self)
        return (Response(status: status, headers: headers, body: body), bodyStart + length - bytes.startIndex)
    }

    private func wait(until condition: @escaping @Sendable (State) -> Bool, timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let satisfied = inbox.state.withLock { condition($0) }
            if satisfied { return }
            // Woken by the next change on the connection, or by the deadline.
            await withTaskGroup(of: Void.self) { group in
                let id = inbox.state.withLock { state -> Int in
                    state.nextWaiter += 1
                    return state.nextWaiter
                }
                group.addTask {
                    await withCheckedContinuation { continuation in
                        let ready = self.inbox.state.withLock { state -> Bool in
                            if condition(state) { return true }
                            state.waiters.append((id, continuation))
                            return false
                        }
                        if ready { continuation.resume() }
                    }
                }
                group.addTask {
                    try? await Task.sleep(until: deadline)
                    self.wake(id)
                }
                await group.next()
                group.cancelAll()
                self.wake(id)
            }
        }
    }

    private func wake(_ id: Int) {
        let continuation = inbox.state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index).continuation
        }
        continuation?.resume()
    }

    /// What arrived, shared by the connection's handler and the test.
    private final class Inbox: Sendable {
        let state = Mutex(State())

        func changed(_ update: (inout State) -> Void) {
            let waiters = state.withLock { state in
                update(&state)
                defer { state.waiters.removeAll() }
                return state.waiters
            }
            for waiter in waiters { waiter.continuation.resume() }
        }
    }

    /// Appends what arrives and notes how the connection ends.
    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let inbox: Inbox

        init(inbox: Inbox) { self.inbox = inbox }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = Array(buffer: unwrapInboundIn(data))
            inbox.changed { $0.received += bytes }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            let ending: RawSocket.Ending
            if let error = error as? IOError, error.errnoCode == ECONNRESET {
                ending = .reset
            } else {
                ending = .failed(String(describing: error))
            }
            inbox.changed { if $0.ending == nil { $0.ending = ending } }
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            inbox.changed { if $0.ending == nil { $0.ending = .closed } }
        }
    }
}
