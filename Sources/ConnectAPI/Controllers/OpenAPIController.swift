import Foundation
import Hummingbird
import Yams

/// `GET /openapi.yaml` and `GET /openapi.json`: the API's contract, `openapi.yaml` in this target,
/// which the generator also turns into the request and response types the controllers use. The
/// YAML is served as written; the JSON is converted from it once, at start-up.
struct OpenAPIController: Sendable {
    /// The document as written (embedded into the binary by SwiftPM).
    static let yaml = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)

    /// The document as JSON, converted from ``yaml`` once per process (routers are built per test).
    static let json: ByteBuffer = {
        do {
            let document = try Yams.load(yaml: yaml) ?? [:]
            return ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
        } catch {
            preconditionFailure("openapi.yaml does not convert to JSON: \(error)")
        }
    }()

    private let yamlBody = ByteBuffer(string: Self.yaml)
    private let jsonBody = Self.json

    func addRoutes(to router: Router<ConnectRequestContext>) {
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: jsonBody))
        }
        router.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: yamlBody))
        }
    }
}
