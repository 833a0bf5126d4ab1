import HTTPTypes
import NIOHTTP1
import NIOHTTPTypesHTTP1
import Testing

@testable import ConnectAPI

/// The dispatch handler's conversion of a request head against the library's
/// (`HTTP1ToHTTPServerCodec`), which it replaces: the same request for every head.
@Suite struct HTTPRequestHeadTests {
    static let heads: [(method: HTTPMethod, uri: String, headers: HTTPHeaders)] = [
        (.GET, "/api/nothing-here", ["Host": "127.0.0.1:3000", "Accept": "*/*"]),
        (.GET, "/api/funding-programs?keyword=AI&page=2", ["host": "example.kr", "Authorization": "Bearer x.y.z"]),
        (.POST, "/api/auth/login", ["HOST": "a", "Content-Type": "application/json", "Content-Length": "2"]),
        // A second Host field stays a field; the first is the authority.
        (.GET, "/", ["Host": "first", "X-Note": "한국어", "host": "second"]),
        (.GET, "/api/matches", ["Cookie": "a=1; b=2", "Hostname": "not-the-host", "Hos": "neither"]),
        (.GET, "//double/slash", [:]),
        (.DELETE, "/api/programs/1/save", ["X-Request-Id": "abc", "Host": ""]),
        (.RAW(value: "PURGE"), "/cache", ["Host": "h"]),
        // Absolute form and the rest go through the library's conversion.
        (.GET, "http://example.kr/api/health?x=1", ["Host": "example.kr"]),
        (.OPTIONS, "*", ["Host": "h"]),
    ]

    @Test(arguments: heads.indices)
    func aHeadConvertsAsTheLibraryConvertsIt(_ index: Int) throws {
        let (method, uri, headers) = Self.heads[index]
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: headers)
        let ours = try HTTPRequest(head: head)
        let library = try HTTPRequest(head, secure: false, splitCookie: false)
        #expect(ours == library)
        #expect(ours.headerFields.map(\.name.rawName) == library.headerFields.map(\.name.rawName))
    }

    @Test func aMethodHTTPTypesCannotCarryIsRefused() {
        let head = HTTPRequestHead(version: .http1_1, method: .RAW(value: "BAD METHOD"), uri: "/", headers: [:])
        #expect(throws: HTTP1TypeConversionError.self) { try HTTPRequest(head: head) }
    }
}
