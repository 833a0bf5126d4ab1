import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// A browser's share of the pages for router tests: keeps the cookies the server sets and sends
/// them back, posts forms, and reads the CSRF token and links out of the HTML.
struct PageBrowser {
    /// One answer.
    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String

        var location: String? { headers[.location] }
        /// The `Set-Cookie` header that sets `name`, if any.
        func setCookie(_ name: String) -> String? {
            headers[values: .setCookie].first { $0.hasPrefix(name + "=") }
        }
        /// The CSRF token the page's forms carry.
        var csrfToken: String? {
            body.firstMatch(of: #/name="csrf-token" content="([^"]+)"/#).map { String($0.1) }
        }
        /// Every value of `attribute` in elements whose `attribute` starts with `prefix`.
        func links(_ prefix: String, attribute: String = "href") -> [String] {
            var found: [String] = []
            var rest = Substring(body)
            let marker = "\(attribute)=\"\(prefix)"
            while let range = rest.range(of: marker) {
                let tail = rest[range.lowerBound...].dropFirst(attribute.count + 2)
                guard let end = tail.firstIndex(of: "\"") else { break }
                let value = String(tail[..<end])
                if !found.contains(value) { found.append(value) }
                rest = tail[end...]
            }
            return found
        }
    }

    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    mutating func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Page {
        try await send(uri, method: .get, headers: headers, body: nil)
    }

    /// Posts `fields` as `application/x-www-form-urlencoded`.
    mutating func post(_ uri: String, _ fields: [(String, String)]) async throws -> Page {
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
    }

    /// Any request, with this browser's cookies.
    mutating func send(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer?) async throws -> Page {
        var headers = headers
        if !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        let page = try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
        for header in page.headers[values: .setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return page
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
