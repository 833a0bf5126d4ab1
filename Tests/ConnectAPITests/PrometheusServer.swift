import DevStack
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// A real Prometheus (Debian's `prometheus` package, installed by scripts/install-deps.sh) on a
/// free loopback port, with the configuration a test gives it, and its instant-query API.
struct PrometheusServer {
    let port: Int
    let folder: String

    /// Writes `configuration` as `prometheus.yml` in `folder` (rule files it names are read from
    /// there too), starts Prometheus, waits until it is ready, and runs `body`; Prometheus is
    /// stopped afterwards.
    static func with(folder: String, configuration: String, _ body: (PrometheusServer) async throws -> Void) async throws {
        let binary = try #require(
            ["/usr/bin/prometheus", "/usr/local/bin/prometheus"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "prometheus is installed by scripts/install-deps.sh")
        _ = FileManager.default.createFile(atPath: folder + "/prometheus.yml", contents: Data(configuration.utf8))
        let port = TestStack.freePort()
        _ = try await ChildProcess.withRunning(
            [binary, "--config.file=\(folder)/prometheus.yml", "--storage.tsdb.path=\(folder)/data", "--web.listen-address=127.0.0.1:\(port)"],
            outputPath: folder + "/prometheus.log", grace: .seconds(5)
        ) { _ in
            let server = PrometheusServer(port: port, folder: folder)
            #expect(await BuiltProducts.waitUntilLive("http://127.0.0.1:\(port)/-/ready"), "\(server.log)")
            try await body(server)
        }
    }

    /// The first value of an instant query, or `nil` when it has none (yet).
    func query(_ expression: String) async -> Double? {
        var components = URLComponents(string: "http://127.0.0.1:\(port)/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: expression)]
        guard let (data, _) = try? await URLSession.shared.data(from: components.url!),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let result = (object["data"] as? [String: Any])?["result"] as? [[String: Any]], let first = result.first,
            let value = first["value"] as? [Any], let text = value.last as? String
        else { return nil }
        return Double(text)
    }

    /// What Prometheus logged.
    var log: String { (try? String(contentsOfFile: folder + "/prometheus.log", encoding: .utf8)) ?? "" }

}
