import NIOCore
import NIOPosix
import NIOSSL
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
    /// How long opening the TCP connection may take, and then the TLS handshake.
    public let connectTimeout: Duration

    /// The event loop the connection lives on.
    public let eventLoop: any EventLoop
    /// Whether the VU using this connection keeps a cookie jar.
    public let keepsCookies: Bool
    /// Whether each request of the VU carries a new W3C `traceparent` (`--traceparent`).
    public let sendsTraceparent: Bool
    /// The TLS context of an HTTPS connection; `nil` for plain HTTP.
    public let tls: NIOSSLContext?
    /// Whether requests go over TLS (an `https` target): cookies marked `Secure` are sent.
    public var isSecure: Bool { tls != nil }
    private let hostHeader: String
    private let open = Mutex<OpenChannel?>(nil)

    /// A connected channel and its last handler, which only the event loop may touch.
    private struct OpenChannel: Sendable {
        let channel: any Channel
        let handler: NIOLoopBound<HTTPResponseHandler>
        /// The handler's: set once the channel is closing, before `isActive` turns false.
        let closing: ClosingFlag
        /// How long the TLS handshake took, for the connection's first request; `nil` when the
        /// connection is plain or already used.
        var handshake: Duration?
    }

    /// - Parameters:
    ///   - host: the server's host name or address.
    ///   - port: the server's port.
    ///   - eventLoop: the event loop the connection lives on.
    ///   - requestTimeout: the per-request timeout (k6's default: 60 s).
    ///   - connectTimeout: the TCP connect timeout.
    ///   - keepsCookies: whether the VU keeps a cookie jar.
    ///   - tls: the TLS context for an HTTPS server (``TLSOptions``), `nil` for plain HTTP.
    public init(
        host: String, port: Int, eventLoop: any EventLoop, requestTimeout: Duration = .seconds(60),
        connectTimeout: Duration = .seconds(10), keepsCookies: Bool = true, tls: NIOSSLContext? = nil, sendsTraceparent: Bool = false
    ) {
        self.keepsCookies = keepsCookies
        self.sendsTraceparent = sendsTraceparent
        self.tls = tls
        self.host = host
        self.port = port
        self.eventLoop = eventLoop
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.hostHeader = port == (tls == nil ? 80 : 443) ? host : "\(host):\(port)"
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
                var failed = HTTPResult.failure(start: start, HTTPClientError(.connect, String(describing: error)))
                if tls != nil { failed.tlsHandshaking = .zero }
                return failed
            }
        }
        // The handshake counts once, on the connection's first request; later ones reuse it.
        let handshake: Duration? = tls == nil ? nil : current.handshake ?? .zero
        let timeout = TimeAmount(request.timeout ?? requestTimeout)
        let host = hostHeader
        // A VU's task runs on its connection's event loop, so this writes at once, without a hop.
        var result = await withTaskCancellationHandler {
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
        result.tlsHandshaking = handshake
        return result
    }

    /// Closes the connection; the next ``send(_:)`` opens a new one.
    public func close() {
        open.withLock { current in
            current?.channel.close(promise: nil)
            current = nil
        }
    }

    private func connect() async throws -> OpenChannel {
        let tls = tls
        let serverName = Self.serverName(host)
        let handshakeTimeout = TimeAmount(connectTimeout)
        let (opened, handshake) = try await ClientBootstrap(group: eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connectTimeout(TimeAmount(connectTimeout))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    var handshake: EventLoopFuture<Duration>?
                    if let tls {
                        // TLS below the HTTP handler: SNI and name verification use the URL's host
                        // (an IP address is checked against the certificate's IP addresses instead).
                        let promise = channel.eventLoop.makePromise(of: Duration.self)
                        try channel.pipeline.syncOperations.addHandlers(
                            NIOSSLClientHandler(context: tls, serverHostname: serverName),
                            TLSHandshakeTimer(handshake: promise, timeout: handshakeTimeout))
                        handshake = promise.futureResult
                    }
                    // One handler: it writes heads it has checked and encoded (HTTPRequest.wireHead)
                    // and frames responses itself (HTTPResponseParser).
                    let handler = HTTPResponseHandler()
                    try channel.pipeline.syncOperations.addHandler(handler)
                    let opened = OpenChannel(
                        channel: channel, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop), closing: handler.closing)
                    return (opened, handshake)
                }
            }
        var fresh = opened
        if let handshake {
            do {
                fresh.handshake = try await handshake.get()
            } catch {
                opened.channel.close(promise: nil)
                throw error
            }
        }
        // Stored without the handshake: only the request that opened the connection reports it.
        let previous = open.withLock { current in
            defer { current = opened }
            return current
        }
        previous?.channel.close(promise: nil)
        return fresh
    }

    /// The name sent in SNI and verified: the host, unless it is an IP address (SNI carries names only).
    private static func serverName(_ host: String) -> String? {
        if host.contains(":") { return nil }
        return host.split(separator: ".").count == 4 && host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
    }
}
