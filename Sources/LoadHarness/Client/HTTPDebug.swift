import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// `--http-debug`: every request a VU sends and the response it got, written to standard error
/// as one block each (k6's flag of the same name), with bodies in the `full` mode. Off by
/// default; when off it costs one atomic load per request.
public enum HTTPDebug {
    /// What is printed.
    public enum Mode: UInt8, Sendable {
        case off = 0
        /// Request and status lines and headers.
        case headers = 1
        /// Headers and bodies.
        case full = 2
    }

    private static let current = Atomic<UInt8>(Mode.off.rawValue)
    private static let output = Mutex(FileHandle.standardError)

    /// Turns the log on or off for the whole process (a command-line switch).
    public static func set(_ mode: Mode) {
        current.store(mode.rawValue, ordering: .relaxed)
    }

    static var mode: Mode { Mode(rawValue: current.load(ordering: .relaxed)) ?? .off }

    /// Writes `request` (sent to `host`) and `result` when the log is on.
    static func log(_ request: HTTPRequest, host: String, port: Int, result: HTTPResult) {
        let mode = mode
        guard mode != .off else { return }
        output.withLock { $0.write(Data(render(request, host: host, port: port, result: result, bodies: mode == .full).utf8)) }
    }

    /// The two blocks as k6 prints them.
    static func render(_ request: HTTPRequest, host: String, port: Int, result: HTTPResult, bodies: Bool) -> String {
        var text = "Request:\n\(request.method.rawValue) \(request.path) HTTP/1.1\nHost: \(port == 80 ? host : "\(host):\(port)")\n"
        for (name, value) in request.headers { text += "\(name): \(value)\n" }
        if let body = request.body, body.readableBytes > 0 {
            text += "Content-Length: \(body.readableBytes)\n"
            if bodies { text += "\n\(String(buffer: body))\n" }
        }
        text += "\n"
        if let error = result.error {
            text += "Response: none (\(error))\n\n"
            return text
        }
        let status = HTTPResponseStatus(statusCode: result.status)
        text += "Response:\nHTTP/1.1 \(result.status) \(status.reasonPhrase)\n"
        for (name, value) in result.headers { text += "\(name): \(value)\n" }
        if bodies, result.body.readableBytes > 0 { text += "\n\(String(buffer: result.body))\n" }
        text += String(format: "(%.2f ms)\n\n", result.duration.inSeconds * 1000)
        return text
    }
}
