import HTTPTypes
import NIOHTTP1
import NIOHTTPTypesHTTP1

extension HTTPRequest {
    /// The request `head` (NIO's HTTP/1 decoder) in HTTP types, as `HTTP1ToHTTPServerCodec`
    /// converts it (`http` scheme, `Host` as the authority, the other fields as they came), but
    /// without its costs for the common case: a path that starts with `/` (origin form, every
    /// request but a proxy's) is taken as it is rather than parsed by `URLComponents`, and the
    /// `Host` field is found without lowercasing every field's name. That conversion was 6–7 % of
    /// the router floor's samples (docs/BENCHMARKS.md, "The router floor, trimmed").
    init(head: HTTPRequestHead) throws {
        guard head.uri.utf8.first == UInt8(ascii: "/") else {
            // Absolute form (`http://host/path`) and the rest: the library's conversion.
            self = try HTTPRequest(head, secure: false, splitCookie: false)
            return
        }
        var fields = HTTPFields()
        fields.reserveCapacity(head.headers.count)
        var authority: String?
        for (name, value) in head.headers {
            if authority == nil, Self.isHost(name) {
                authority = value
                continue
            }
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        self.init(method: try Method(head.method), scheme: "http", authority: authority, path: head.uri, headerFields: fields)
    }

    /// Whether a field name is `Host`, in any case.
    private static func isHost(_ name: String) -> Bool {
        var utf8 = name.utf8.makeIterator()
        for expected in "host".utf8 {
            guard let byte = utf8.next(), byte | 0x20 == expected else { return false }
        }
        return utf8.next() == nil
    }
}
