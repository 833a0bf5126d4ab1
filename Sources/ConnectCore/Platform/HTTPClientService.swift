import AsyncHTTPClient
import ServiceLifecycle

/// Shuts an AsyncHTTPClient down with the process, after the services that use it.
struct HTTPClientService: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
