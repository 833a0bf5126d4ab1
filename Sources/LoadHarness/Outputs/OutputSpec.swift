/// One `--out` argument: `json=FILE`, `csv=FILE` or `prometheus=HOST:PORT` (k6's syntax).
public enum OutputSpec: Sendable, Equatable {
    /// k6's NDJSON point stream to a file (`-`: standard output).
    case json(path: String)
    /// k6's CSV rows to a file.
    case csv(path: String)
    /// A Prometheus `/metrics` endpoint served during the run.
    case prometheus(host: String, port: Int)

    /// The argument is not one of the three forms.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses `json=FILE`, `csv=FILE` or `prometheus=HOST:PORT` (`prometheus=:PORT` listens on 127.0.0.1).
    public init(parsing text: String) throws(Invalid) {
        guard let equals = text.firstIndex(of: "=") else {
            throw Invalid(description: "--out '\(text)': expected json=FILE, csv=FILE or prometheus=HOST:PORT")
        }
        let kind = text[..<equals]
        let value = String(text[text.index(after: equals)...])
        guard !value.isEmpty else { throw Invalid(description: "--out '\(text)': nothing after '='") }
        switch kind {
        case "json": self = .json(path: value)
        case "csv": self = .csv(path: value)
        case "prometheus":
            guard let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]), (0...65535).contains(port) else {
                throw Invalid(description: "--out '\(text)': expected prometheus=HOST:PORT")
            }
            let host = String(value[..<colon])
            self = .prometheus(host: host.isEmpty ? "127.0.0.1" : host, port: port)
        default:
            throw Invalid(description: "--out '\(text)': unknown output '\(kind)' (json, csv or prometheus)")
        }
    }
}
