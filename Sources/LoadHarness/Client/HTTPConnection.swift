import NIOCore
import NIOPosix
import Synchronization

/// One keep-alive HTTP/1.1 connection, owned by one virtual user: it connects on first use,
/// reconnects after a close, and reports every failure as an ``HTTPResult`` instead of throwing.
/// One request at a time (no pipelining): a second concurrent ``send(_:)`` fails both and closes
/// the connection, since the responses could no longer be told apart.
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
    /// Whether the VU using this connection keeps a cookie jar.
    public let keepsCookies: Bool
    private let hostHeader: String
    private let open = Mutex<OpenChannel?>(nil)

    /// A connected channel and its last handler, which only the event loop may touch.
    private struct OpenChannel: Sendable {
        let channel: any Channel
        let handler: NIOLoopBound<HTTPResponseHandler>
        /// The handler's: set once the channel is closing, before `isActive` turns false.
        let closing: ClosingFlag
    }

    /// - Parameters:
    ///   - host: the server's host name or address.
    ///   - port: the server's port.
    ///   - eventLoop: the event loop the connection lives on.
    ///   - requestTimeout: the per-request timeout (k6's default: 60 s).
    ///   - connectTimeout: the TCP connect timeout.
    ///   - keepsCookies: whether the VU keeps a cookie jar.
    public init(
        host: String, port: Int, eventLoop: any EventLoop, requestTimeout: Duration = .seconds(60),
        connectTimeout: Duration = .seconds(10), keepsCookies: Bool = true
    ) {
        self.keepsCookies = keepsCookies
        self.host = host
        self.port = port
        self.eventLoop = eventLoop
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.hostHeader = port == 80 ? host : "\(host):\(port)"
    }

    deinit {
        open.withLock { $0?.channel.close(promise: nil) }
    }

    /// Sends `request` and waits for its response; connection errors, timeouts and cancellation
    /// of the calling task come back as a result with status 0 and ``HTTPResult/error`` set.
    nonisolated(nonsending) public func send(_ request: HTTPRequest) async -> HTTPResult {
        let start = ContinuousClock.now
        let current: OpenChannel
        if let existing = open.withLock({ $0 }), !existing.closing.isSet, existing.channel.isActive {
            current = existing
        } else {
            do {
                current = try await connect()
            } catch {
                return .failure(start: start, HTTPClientError(.connect, String(describing: error)))
            }
        }
        let timeout = TimeAmount(request.timeout ?? requestTimeout)
        let host = hostHeader
        // A VU's task runs on its connection's event loop, so this writes at once, without a hop.
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { continuation in
                if current.channel.eventLoop.inEventLoop {
                    current.handler.value.send(
                        request, host: host, timeout: timeout, start: start, continuation: continuation)
                } else {
                    current.channel.eventLoop.execute {
                        current.handler.value.send(
                            request, host: host, timeout: timeout, start: start, continuation: continuation)
                    }
                }
            }
        } onCancel: {
            // The end of gracefulStop or an abort: stop waiting for this response.
            current.channel.eventLoop.execute { current.handler.value.cancelInFlight() }
        }
    }

    /// Closes the connection; the next ``send(_:)`` opens a new one.
    public func close() {
        open.withLock { current in
            current?.channel.close(promise: nil)
            current = nil
        }
    }

    private func connect() async throws -> OpenChannel {
        let fresh = try await ClientBootstrap(group: eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connectTimeout(TimeAmount(connectTimeout))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    // One handler: it writes heads it has checked and encoded (HTTPRequest.wireHead)
                    // and frames responses itself (HTTPResponseParser).
                    let handler = HTTPResponseHandler()
                    try channel.pipeline.syncOperations.addHandler(handler)
                    return OpenChannel(
                        channel: channel, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop), closing: handler.closing)
                }
            }
        let previous = open.withLock { current in
            defer { current = fresh }
            return current
        }
        previous?.channel.close(promise: nil)
        return fresh
    }
}
