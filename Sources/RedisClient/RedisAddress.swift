import Foundation

/// The parts of a `redis://` or `unix://` URL.
struct RedisAddress: Equatable {
    /// Where the server listens.
    enum Endpoint: Equatable {
        case tcp(host: String, port: Int32)
        /// A Unix-domain socket: no TCP stack on either side, for a server on the same host.
        case unixSocket(path: String)
    }

    var endpoint: Endpoint
    var username: String?
    var password: String?
    var database: Int

    init(endpoint: Endpoint, username: String?, password: String?, database: Int) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
    }

    /// Longest socket path the kernel takes (`sun_path` holds 108 bytes with the NUL).
    static let maximumSocketPathLength = 107

    /// Parses `redis://[[user]:password@]host[:port][/db]` or
    /// `unix://[[user]:password@]/path/to/redis.sock[?db=N]` (redis-cli's and redis-py's form);
    /// `nil` when it is neither.
    init?(url: String) {
        guard let components = URLComponents(string: url) else { return nil }
        let user = components.user?.removingPercentEncoding
        self.username = (user?.isEmpty ?? true) ? nil : user
        self.password = components.password?.removingPercentEncoding
        switch components.scheme {
        case "redis":
            guard let host = components.host, !host.isEmpty else { return nil }
            self.endpoint = .tcp(host: host, port: Int32(components.port ?? 6379))
            let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            guard let database = path.isEmpty ? 0 : Int(path), database >= 0 else { return nil }
            self.database = database
        case "unix":
            let path = components.percentEncodedPath.removingPercentEncoding ?? ""
            guard (components.host ?? "").isEmpty, components.port == nil, path.hasPrefix("/"), path.count > 1,
                path.utf8.count <= Self.maximumSocketPathLength
            else { return nil }
            self.endpoint = .unixSocket(path: path)
            var database = 0
            for item in components.queryItems ?? [] {
                guard item.name == "db", let value = item.value.flatMap({ Int($0) }), value >= 0 else { return nil }
                database = value
            }
            self.database = database
        default:
            return nil
        }
    }

    /// `host:port` or the socket's path, for error messages.
    var server: String {
        switch endpoint {
        case .tcp(let host, let port): "\(host):\(port)"
        case .unixSocket(let path): path
        }
    }
}
