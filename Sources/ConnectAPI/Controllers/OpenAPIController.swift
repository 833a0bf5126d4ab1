import Hummingbird

/// `GET /openapi.json`: the OpenAPI 3.1 document of the API, encoded once.
struct OpenAPIController: Sendable {
    private let body = ByteBuffer(string: OpenAPIDocument.json)

    func addRoutes(to router: Router<ConnectRequestContext>) {
        router.get("openapi.json", use: document)
    }

    @Sendable func document(_ request: Request, context: ConnectRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
