import Foundation
import Synchronization
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP proxy on 127.0.0.1 that passes the client's bytes on as they come and the server's
/// one byte per write, with a pause between them, so the client reads every reply split at
/// (nearly) every byte boundary. Blocking sockets on threads of its own: test code only.
final class ByteDribblingProxy: Sendable {
    let port: Int
    private let listener: Int32
    private let upstreamPort: Int
    private let sockets = Mutex<[Int32]>([])
    /// Bytes passed from the server to the client, one write each.
    let dribbled = Atomic<Int>(0)

    init(upstreamPort: Int) throws {
        self.upstreamPort = upstreamPort
        (listener, port) = try LoopbackListener.open()
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Stops accepting and closes every proxied connection.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for descriptor in sockets.withLock({ $0 }) { shutdown(descriptor, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                close(client)
                close(server)
                continue
            }
            var on: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
            sockets.withLock { $0 += [client, server] }
            Thread.detachNewThread { Self.pump(from: client, to: server, byteByByte: false) {} }
            Thread.detachNewThread { [self] in Self.pump(from: server, to: client, byteByByte: true) { self.dribbled.add(1, ordering: .relaxed) } }
        }
    }

    private static func pump(from source: Int32, to destination: Int32, byteByByte: Bool, onByte: () -> Void) {
        var buffer = [UInt8](repeating: 0, count: 16384)
        defer {
            shutdown(destination, Int32(SHUT_RDWR))
            shutdown(source, Int32(SHUT_RDWR))
        }
        while true {
            let count = read(source, &buffer, buffer.count)
            guard count > 0 else { return }
            if byteByByte {
                for index in 0..<count {
                    guard write(destination, &buffer[index], 1) == 1 else { return }
                    onByte()
                    usleep(150)
                }
            } else {
                var written = 0
                while written < count {
                    let result = buffer.withUnsafeBytes { write(destination, $0.baseAddress! + written, count - written) }
                    guard result > 0 else { return }
                    written += result
                }
            }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}
