import ArgumentParser
import Foundation
import LoadHarness

/// The HTTPS verification options `run` and `bench` share.
struct TLSArguments: ParsableArguments {
    @Option(name: .customLong("cacert"), help: "Trust the certificate authorities in this PEM file instead of the system's (https targets).")
    var caFile: String?

    @Flag(name: .customLong("insecure-skip-tls-verify"), help: "Accept any server certificate (self-signed test sites only), as k6's insecureSkipTLSVerify.")
    var insecureSkipVerify = false

    func validate() throws {
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ValidationError("--cacert \(caFile): cannot read the file")
        }
    }

    /// The options on top of `base` (a scenario's): a flag given here wins.
    func applied(to base: TLSOptions = TLSOptions()) -> TLSOptions {
        var options = base
        if let caFile { options.caFile = caFile }
        if insecureSkipVerify { options.insecureSkipVerify = true }
        return options
    }
}
