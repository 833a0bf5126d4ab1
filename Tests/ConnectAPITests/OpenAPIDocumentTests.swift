import ConnectAPI
import ConnectCore
import ConnectServer
import DevStack
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import TestSupport

/// `GET /openapi.json`: a valid OpenAPI 3.1 document (checked by openapi-spec-validator from
/// PyPI) that names every route the router serves, and no route it does not serve (the HTML
/// pages for browsers aside, listed by name).
@Suite struct OpenAPIDocumentTests {
    /// The served document, as bytes.
    static func served() async throws -> [UInt8] {
        let bytes = Mutex<[UInt8]>([])
        try await TestApp.run { client, _ in
            try await client.execute(uri: "/openapi.json", method: .get) { @Sendable response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                bytes.withLock { $0 = Array(response.body.readableBytesView) }
            }
        }
        return bytes.withLock { $0 }
    }

    @Test func documentPassesOpenAPISpecValidator() async throws {
        let document = try await Self.served()
        let path = NSTemporaryDirectory() + "connect-openapi-\(UUID().uuidString).json"
        try Data(document).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let tools = try await ShellCommand.check("bash", [TestStack.packageRoot + "/scripts/python-tools.sh"], timeout: .seconds(600))
        let bin = try #require(tools.split(separator: "\n").last.map(String.init))
        let result = try await ShellCommand.run(bin + "/openapi-spec-validator", [path], timeout: .seconds(120))
        #expect(result.succeeded, "\(result.output)")
        #expect(result.output.contains("OK"), "\(result.output)")
    }

    @Test func documentNamesExactlyTheServedRoutes() async throws {
        let document = try await Self.served()
        struct Document: Decodable {
            var openapi: String
            var paths: [String: [String: AnyDecodable]]
        }
        struct AnyDecodable: Decodable {
            init(from decoder: any Decoder) throws {}
        }
        let parsed = try JSONDecoder().decode(Document.self, from: Data(document))
        #expect(parsed.openapi.hasPrefix("3.1"))
        let methods: Set = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        let documented = Set(parsed.paths.flatMap { path, item in
            item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
        })

        try await TestStack.ensureRunning()
        var configuration = try ConnectConfiguration(environment: [:])
        configuration.databaseURL = try await SeededDatabase.url()
        let dependencies = PlatformDependencies(configuration: configuration, logger: TestApp.logger)
        let router = await buildRouter(dependencies: dependencies, logger: TestApp.logger)
        let routes = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        // The browser pages answer HTML, not the API: they are listed here, not in the document.
        let pages: Set = [
            "GET /", "GET /programs/{id}", "GET /sign-in", "POST /sign-in", "POST /sign-out", "GET /dashboard",
            "GET /dashboard/matches/{id}", "POST /dashboard/matches/{id}/save", "POST /dashboard/chat",
        ]
        #expect(pages.isSubset(of: routes), "page routes: \(pages.subtracting(routes).sorted())")
        let served = routes.subtracting(pages)

        #expect(served.count > 20)
        #expect(served.subtracting(documented).sorted() == [], "served but not documented")
        #expect(documented.subtracting(served).sorted() == [], "documented but not served")
    }
}
