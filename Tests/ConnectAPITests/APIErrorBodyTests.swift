import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import ConnectAPI

/// The hand-written error body against the encoder it replaces, byte for byte.
@Suite struct APIErrorBodyTests {
    struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    @Test(arguments: [
        "No such resource", "", "quote \" backslash \\ slash / end", "line\nreturn\rtab\tback\u{8}feed\u{C}",
        "control \u{0}\u{1}\u{1F}\u{7F}", "한국어 메시지 🚀", "\u{2028}\u{2029}", "{\"error\":1}", "</script>",
    ])
    func matchesJSONEncoder(_ message: String) throws {
        let expected = try JSONEncoder.api.encode(Body(error: .init(code: "not_found", message: message)))
        let written = APIErrorBody.encode(code: "not_found", message: message)
        #expect(Array(written.readableBytesView) == Array(expected), "\(String(decoding: expected, as: UTF8.self))")
        // And it reads back as the same strings.
        let decoded = try JSONSerialization.jsonObject(with: Data(written.readableBytesView)) as? [String: [String: String]]
        #expect(decoded?["error"]?["message"] == message)
    }

    /// An error that keeps its encoded body answers the same bytes as one that encodes each
    /// time, and a changed code or message is not answered with the old bytes.
    @Test func aKeptBodyIsTheEncodedBodyUntilTheErrorChanges() async throws {
        var renamed = APIError.routeNotFound
        renamed.message = "No such program"
        var recoded = APIError.routeNotFound
        recoded.code = "gone"
        let cases: [(path: String, error: APIError, code: String, message: String)] = [
            ("kept", .routeNotFound, "not_found", "No route or resource at this path"),
            ("renamed", renamed, "not_found", "No such program"),
            ("recoded", recoded, "gone", "No route or resource at this path"),
        ]
        let router = Router(context: BasicRequestContext.self)
        for (path, error, _, _) in cases {
            router.get(RouterPath(path)) { _, _ -> Response in throw error }
        }
        try await Application(router: router).test(.router) { client in
            for (path, _, code, message) in cases {
                try await client.execute(uri: "/\(path)", method: .get) { response in
                    #expect(response.status == .notFound)
                    #expect(Array(response.body.readableBytesView) == Array(APIErrorBody.encode(code: code, message: message).readableBytesView), "\(path)")
                }
            }
        }
    }
}
