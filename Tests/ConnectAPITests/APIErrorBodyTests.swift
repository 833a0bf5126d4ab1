import Foundation
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
}
