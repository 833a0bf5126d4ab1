import NIOCore
import NIOHTTP1

/// A request of a scenario step, its parts templates rendered per iteration.
struct RequestTemplate: Sendable, Equatable {
    enum Body: Sendable, Equatable {
        case text(Template)
        case json(JSONTemplate)
    }

    /// What ``target`` is, and so how its values are percent-encoded.
    enum TargetKind: Sendable, Equatable {
        /// The path and query on the scenario's base URL: each substituted value is encoded as
        /// one component (RFC 6570 `{var}`), so ids, keywords and Korean text arrive intact.
        case path
        /// An absolute `http://` URL (actions), often built from a base URL variable: only the
        /// bytes a URI may not contain are encoded.
        case url
    }

    var method: HTTPMethod
    /// The path and query on the scenario's base URL, or an absolute `http://` URL (actions).
    var target: Template
    var targetKind: TargetKind
    var headers: [(String, Template)]
    var body: Body?
    var tags: [(String, Template)]
    var timeout: Duration?

    static func == (lhs: RequestTemplate, rhs: RequestTemplate) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.targetKind == rhs.targetKind && lhs.body == rhs.body && lhs.timeout == rhs.timeout
            && lhs.headers.map(\.0) == rhs.headers.map(\.0) && lhs.headers.map(\.1) == rhs.headers.map(\.1)
            && lhs.tags.map(\.0) == rhs.tags.map(\.0) && lhs.tags.map(\.1) == rhs.tags.map(\.1)
    }

    var variableNames: [String] {
        target.variableNames + headers.flatMap(\.1.variableNames) + tags.flatMap(\.1.variableNames)
            + {
                switch body {
                case .text(let t): t.variableNames
                case .json(let j): j.variableNames
                case nil: []
                }
            }()
    }

    /// The rendered target (path or URL) and request.
    func render(_ variables: Variables, extraTags: [String: String]) throws(TemplateError) -> (target: String, request: HTTPRequest) {
        let target: String
        switch targetKind {
        case .path: target = PercentEncoding.uri(try self.target.render(variables, escapingValuesWith: PercentEncoding.component))
        case .url: target = PercentEncoding.uri(try self.target.render(variables))
        }
        var headers = HTTPHeaders()
        for (name, value) in self.headers { headers.add(name: name, value: try value.render(variables)) }
        var buffer: ByteBuffer?
        switch body {
        case .text(let template):
            buffer = ByteBuffer(string: try template.render(variables))
        case .json(let template):
            buffer = ByteBuffer(string: try template.render(variables))
            if !headers.contains(name: "content-type") { headers.add(name: "content-type", value: "application/json") }
        case nil:
            break
        }
        var tags = extraTags
        for (name, value) in self.tags { tags[name] = try value.render(variables) }
        let request = HTTPRequest(method: method, path: target, headers: headers, body: buffer, tags: tags, timeout: timeout)
        return (target, request)
    }
}
