import Foundation
import Testing
import TestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The package's executables as the tests run them as real processes (`connect`, `connect-load`),
/// built beside the test bundle by `swift build --build-tests`.
enum BuiltProducts {
    /// The path of the built executable `name`.
    static func path(_ name: String) throws -> String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path,
            TestStack.packageRoot + "/.build/debug/" + name,
        ]
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) }, "\(name) is not built")
    }

    /// Polls `url` until it answers 200, for up to 20 s; whether it did.
    static func waitUntilLive(_ url: String) async -> Bool {
        for _ in 0..<200 {
            var request = URLRequest(url: URL(string: url)!)
            request.timeoutInterval = 2
            if let (_, response) = try? await URLSession.shared.data(for: request), (response as? HTTPURLResponse)?.statusCode == 200 {
                return true
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
