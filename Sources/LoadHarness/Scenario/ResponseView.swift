import NIOCore
import NIOHTTP1

/// One response as checks, captures and metrics read it; the body is parsed as JSON and the
/// header section into fields once each, on first use.
final class ResponseView {
    let result: HTTPResult
    private var parsed: JSONDocument??
    private var parsedHeaders: HTTPHeaders?

    init(_ result: HTTPResult) {
        self.result = result
    }

    /// The body as JSON, nil when it is not JSON.
    var json: JSONDocument? {
        if let parsed { return parsed }
        let value = JSONDocument(parsing: Array(result.body.readableBytesView))
        parsed = .some(value)
        return value
    }

    /// The response's header fields.
    var headers: HTTPHeaders {
        if let parsedHeaders { return parsedHeaders }
        let headers = result.headers
        parsedHeaders = headers
        return headers
    }

    var bodyText: String { String(buffer: result.body) }
}
