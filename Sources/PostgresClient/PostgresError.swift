/// An error from the PostgreSQL client: connecting, a statement the server refused, a timeout,
/// or a value that could not be decoded.
///
/// `description` names the kind and the SQLSTATE only, so server text does not leak into
/// responses or logs by accident; `String(reflecting:)` shows the message, detail and statement.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The server could not be reached, or the connection broke.
        public static let connection = Code("connection")
        /// The server answered the statement with an error (see ``PostgresError/sqlState``).
        public static let server = Code("server")
        /// The server did not answer in time.
        public static let timeout = Code("timeout")
        /// A column value did not decode into the requested Swift type.
        public static let decoding = Code("decoding")
    }

    public var code: Code
    /// Five-character SQLSTATE for server errors (`23505` unique violation, `42P01` no table…).
    public var sqlState: String?
    /// The primary message (server or client).
    public var message: String
    /// The server's DETAIL line, when it sent one.
    public var detail: String?
    /// The statement that failed, when there was one.
    public var query: String?

    public init(code: Code, sqlState: String? = nil, message: String, detail: String? = nil, query: String? = nil) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.query = query
    }

    public var description: String {
        if let sqlState { return "PostgresError(code: \(code), sqlState: \(sqlState))" }
        return "PostgresError(code: \(code))"
    }

    public var debugDescription: String {
        var text = "PostgresError(code: \(code)"
        if let sqlState { text += ", sqlState: \(sqlState)" }
        text += ", message: \(message)"
        if let detail { text += ", detail: \(detail)" }
        if let query { text += ", query: \(query)" }
        return text + ")"
    }

    /// SQLSTATE 23505: a unique constraint refused the row.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// SQLSTATE 57014: the statement was cancelled by `statement_timeout`.
    public var isStatementTimeout: Bool { sqlState == "57014" }
    /// SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): the
    /// statement's values were refused, so sending the same values again cannot succeed.
    public var isDataError: Bool {
        guard code == .server, let sqlState else { return false }
        return sqlState.hasPrefix("22") || sqlState.hasPrefix("23")
    }
}
