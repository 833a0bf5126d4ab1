import NIOCore

/// One response as checks, captures and metrics read it; the body is parsed as JSON once, on
/// first use.
final class ResponseView {
    let result: HTTPResult
    private var parsed: JSONDocument??

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

    var bodyText: String { String(buffer: result.body) }
}
