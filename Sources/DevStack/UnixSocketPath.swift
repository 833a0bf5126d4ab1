/// What a Unix-domain socket's path may be: `sun_path` holds 108 bytes with the NUL.
enum UnixSocketPath {
    static let maximumLength = 107

    /// Whether `path` fits a socket address.
    static func fits(_ path: String) -> Bool { path.utf8.count <= maximumLength }
}
