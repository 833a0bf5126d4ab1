/// Everything the simulator is started with. `settings` are also what `POST /_control/reset`
/// returns to.
public struct SimulatorConfiguration: Sendable {
    /// Address to bind.
    public var host: String
    /// Port to bind; 0 picks a free one (see ``LLMSimulator/withRunningServer(_:)``).
    public var port: Int
    /// When set, `POST /v1/messages` without this key (in `x-api-key` or as a bearer token) is
    /// answered 401 `authentication_error`.
    public var apiKey: String?
    /// Seeds latency draws, fault picks and reply text: the same seed and requests give the
    /// same run.
    public var seed: UInt64
    /// Latency, speed and faults at start and after a reset.
    public var settings: SimulatorSettings
    /// The longest a hanging request is held before its connection is closed.
    public var maxHang: Duration
    /// Request bodies above this size are answered 413 `request_too_large`.
    public var maxRequestBytes: Int

    public init(
        host: String = "127.0.0.1",
        port: Int = 8090,
        apiKey: String? = nil,
        seed: UInt64 = 42,
        settings: SimulatorSettings = .init(),
        maxHang: Duration = .seconds(300),
        maxRequestBytes: Int = 8 << 20
    ) {
        self.host = host
        self.port = port
        self.apiKey = apiKey
        self.seed = seed
        self.settings = settings
        self.maxHang = maxHang
        self.maxRequestBytes = maxRequestBytes
    }
}
