import Foundation

/// The parts of a `redis://` URL.
struct RedisAddress: Equatable {
    var host: String
    var port: Int32
    var username: String?
    var password: String?
    var database: Int

    init(host: String, port: Int32, username: String?, password: String?, database: Int) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    /// Parses `redis://[[user]:password@]host[:port][/db]`; `nil` when it is not such a URL.
    init?(url: String) {
        guard let components = URLComponents(string: url), components.scheme == "redis",
            let host = components.host, !host.isEmpty
        else { return nil }
        self.host = host
        self.port = Int32(components.port ?? 6379)
        let user = components.user?.removingPercentEncoding
        self.username = (user?.isEmpty ?? true) ? nil : user
        self.password = components.password?.removingPercentEncoding
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if path.isEmpty {
            self.database = 0
        } else {
            guard let database = Int(path), database >= 0 else { return nil }
            self.database = database
        }
    }
}
