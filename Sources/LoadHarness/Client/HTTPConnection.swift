import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// One keep-alive HTTP/1.1 connection, owned by one virtual user: it connects on first use,
/// reconnects after a close, and reports every failure as an ``HTTPResult`` instead of throwing.
/// One request at a time (no pipelining): a second concurrent ``send(_:)`` fails the first.
public final class HTTPConnection: Sendable {
    /// The server's host name or address.
    public let host: String
    /// The server's port.
    public let port: Int
    /// How long a request may take, from being written to the end of its response, unless the
    /// request sets its own timeout.
    public let requestTimeout: Duration
    /// How long opening the TCP connection may take.
    public let connectTimeout: Duration

    /// The event loop the connection lives on.
    public let eventLoop: any EventLoop
    private let hostHeader: String
    private let channel = Mutex<(any Channel)?>(nil)

    /// - Parameters:
    ///   - host: the server's host name or address.
    ///   - port: the server's port.
    ///   - eventLoop: the event loop the connection lives on.
    ///   - requestTimeout: the per-request timeout (k6's default: 60 s).
    ///   - connectTimeout: the TCP connect timeout.
    public init(
        host: String, port: Int, eventLoop: any EventLoop, requestTimeout: Duration = .seconds(60),
        connectTimeout: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.eventLoop = eventLoop
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.hostHeader = port == 80 ? host : "\(host):\(port)"
    }

    deinit {
        channel.withLock { $0?.close(promise: nil) }
    }

    /// Sends `request` and waits for its response; connection errors and timeouts come back as
    /// a result with status 0 and ``HTTPResult/error`` set.
    public func send(_ request: HTTPRequest) async -> HTTPResult {
        let start = ContinuousClock.now
        let channel: any Channel
        do {
            channel = try await connectedChannel()
        } catch {
            return failure(start: start, HTTPClientError(.connect, String(describing: error)))
        }
        var headers = request.headers
        if !headers.contains(name: "host") { headers.add(name: "host", value: hostHeader) }
        if let body = request.body {
            headers.replaceOrAdd(name: "content-length", value: String(body.readableBytes))
        } else if request.method != .GET && request.method != .HEAD {
            headers.replaceOrAdd(name: "content-length", value: "0")
        }
        let promise = channel.eventLoop.makePromise(of: ResponseParts.self)
        let pending = PendingRequest(
            head: HTTPRequestHead(version: .http1_1, method: request.method, uri: request.path, headers: headers),
            body: request.body, timeout: TimeAmount(request.timeout ?? requestTimeout), promise: promise)
        // A write to a closed channel never reaches the handler: fail the response from here.
        channel.writeAndFlush(pending).whenFailure { error in
            promise.fail(HTTPClientError(.connectionClosed, String(describing: error)))
        }
        do {
            let parts = try await promise.futureResult.get()
            if !parts.head.isKeepAlive { discard(channel) }
            return HTTPResult(
                status: Int(parts.head.status.code), headers: parts.head.headers, body: parts.body, start: start,
                firstByte: parts.firstByte, end: parts.end, bytesSent: parts.bytesSent,
                bytesReceived: parts.bytesReceived, error: nil)
        } catch {
            discard(channel)
            let clientError = error as? HTTPClientError ?? HTTPClientError(.connectionClosed, String(describing: error))
            return failure(start: start, clientError)
        }
    }

    /// Closes the connection; the next ``send(_:)`` opens a new one.
    public func close() {
        channel.withLock { current in
            current?.close(promise: nil)
            current = nil
        }
    }

    private func connectedChannel() async throws -> any Channel {
        if let current = channel.withLock({ $0 }), current.isActive { return current }
        let counterInitializer: @Sendable (any Channel) -> EventLoopFuture<Void> = { channel in
            channel.eventLoop.makeCompletedFuture {
                let counter = SocketByteCounter()
                try channel.pipeline.syncOperations.addHandler(counter)
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                try channel.pipeline.syncOperations.addHandler(HTTPResponseHandler(byteCounter: counter))
            }
        }
        let fresh = try await ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(TimeAmount(connectTimeout))
            .channelInitializer(counterInitializer)
            .connect(host: host, port: port)
            .get()
        let previous = channel.withLock { current in
            defer { current = fresh }
            return current
        }
        previous?.close(promise: nil)
        return fresh
    }

    private func discard(_ used: any Channel) {
        used.close(promise: nil)
        channel.withLock { current in
            if current === used { current = nil }
        }
    }

    private func failure(start: ContinuousClock.Instant, _ error: HTTPClientError) -> HTTPResult {
        HTTPResult(
            status: 0, headers: [:], body: ByteBuffer(), start: start, firstByte: nil, end: .now, bytesSent: 0,
            bytesReceived: 0, error: error)
    }
}
