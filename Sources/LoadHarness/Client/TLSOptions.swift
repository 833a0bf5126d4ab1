import NIOSSL

/// How HTTPS targets are verified. Verification is on by default (the system's trust store and
/// the URL's host name); ``caFile`` replaces the trust store, as curl's `--cacert` does, and
/// ``insecureSkipVerify`` turns verification off (k6's `insecureSkipTLSVerify`).
public struct TLSOptions: Sendable, Equatable {
    /// A PEM file of the certificate authorities to trust instead of the system's.
    public var caFile: String?
    /// Accept any certificate for any name: for test sites with self-signed certificates only.
    public var insecureSkipVerify: Bool

    /// - Parameters:
    ///   - caFile: the authorities to trust instead of the system's.
    ///   - insecureSkipVerify: accept any certificate.
    public init(caFile: String? = nil, insecureSkipVerify: Bool = false) {
        self.caFile = caFile
        self.insecureSkipVerify = insecureSkipVerify
    }

    /// The client context every connection of a run shares: TLS 1.2 or 1.3, HTTP/1.1 offered by
    /// ALPN, and the verification these options ask for. Reading the trust store is the slow
    /// part, so it happens once here.
    func makeContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        if let caFile { configuration.trustRoots = .file(caFile) }
        if insecureSkipVerify { configuration.certificateVerification = .none }
        return try NIOSSLContext(configuration: configuration)
    }
}
