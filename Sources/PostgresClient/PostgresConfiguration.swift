import ConnectionPooling

/// How to reach PostgreSQL and how long to wait for it.
public struct PostgresConfiguration: Sendable {
    /// A libpq connection URL, e.g. `postgresql://connect@127.0.0.1:5433/connect`.
    public var url: String
    /// Connections the pool opens at most (one pool thread each).
    public var poolSize: Int
    /// Longest wait for a free pooled connection.
    public var acquireTimeout: Duration
    /// Longest wait for the server to accept a new connection.
    public var connectTimeout: Duration
    /// Server-side `statement_timeout`; the client gives up a little later if the server is silent.
    public var statementTimeout: Duration
    /// `application_name` shown in `pg_stat_activity`.
    public var applicationName: String
    /// Told each acquire's wait and each statement's duration (metrics), if set.
    public var observer: (any PoolObserver)?

    public init(
        url: String,
        poolSize: Int = 8,
        acquireTimeout: Duration = .seconds(5),
        connectTimeout: Duration = .seconds(5),
        statementTimeout: Duration = .seconds(15),
        applicationName: String = "connect"
    ) {
        self.url = url
        self.poolSize = poolSize
        self.acquireTimeout = acquireTimeout
        self.connectTimeout = connectTimeout
        self.statementTimeout = statementTimeout
        self.applicationName = applicationName
    }

    /// The client-side wait for a reply: the statement timeout plus a grace period.
    var replyTimeout: Duration { statementTimeout + .seconds(2) }
}
