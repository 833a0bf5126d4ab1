import NIOCore
import NIOHTTP1

/// A request head as the connection writes it, checked and encoded once.
struct WireHead {
    /// The request line, the header fields and the blank line.
    var bytes: ByteBuffer
    /// Its size on the wire.
    var size: Int { bytes.readableBytes }
}

extension HTTPRequest {
    /// The head to write for this request, with `Host` and `Content-Length` added and any
    /// `Transfer-Encoding` dropped (bodies are sent whole), or why it cannot be sent: a method,
    /// path or header that would break the request line or the header block.
    func wireHead(host: String) -> Result<WireHead, HTTPClientError> {
        guard Self.isToken(method.rawValue) else {
            return .failure(HTTPClientError(.invalidRequest, "method '\(method.rawValue)' is not a token"))
        }
        guard !path.isEmpty, path.utf8.allSatisfy(PercentEncoding.isURIByte) else {
            return .failure(HTTPClientError(.invalidRequest, "path '\(path)' has characters that need percent-encoding"))
        }
        var headers = headers
        for (name, value) in headers {
            guard Self.isToken(name), value.utf8.allSatisfy(HTTPSyntax.isFieldValueByte) else {
                return .failure(HTTPClientError(.invalidRequest, "header '\(name)' is not valid to send"))
            }
        }
        if !headers.contains(name: "host") { headers.add(name: "host", value: host) }
        headers.remove(name: "transfer-encoding")
        if let body {
            headers.replaceOrAdd(name: "content-length", value: String(body.readableBytes))
        } else if method != .GET && method != .HEAD {
            headers.replaceOrAdd(name: "content-length", value: "0")
        }
        // "METHOD SP path SP HTTP/1.1 CRLF", "name: value CRLF" per header, CRLF.
        var size = method.rawValue.utf8.count + 1 + path.utf8.count + 1 + 8 + 2 + 2
        for (name, value) in headers { size += name.utf8.count + 2 + value.utf8.count + 2 }
        var bytes = ByteBufferAllocator().buffer(capacity: size)
        bytes.writeString(method.rawValue)
        bytes.writeInteger(UInt8(ascii: " "))
        bytes.writeString(path)
        bytes.writeStaticString(" HTTP/1.1\r\n")
        for (name, value) in headers {
            bytes.writeString(name)
            bytes.writeStaticString(": ")
            bytes.writeString(value)
            bytes.writeStaticString("\r\n")
        }
        bytes.writeStaticString("\r\n")
        return .success(WireHead(bytes: bytes))
    }

    /// A non-empty RFC 9110 token (method and header names).
    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(HTTPSyntax.isTokenByte)
    }
}
