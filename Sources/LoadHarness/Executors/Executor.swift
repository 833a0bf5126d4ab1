/// Starts virtual users and iterations over time, the way a k6 executor does.
public protocol Executor: Sendable {
    /// How long the executor runs, its graceful end excluded.
    var duration: Duration { get }

    /// Runs `body` on VUs connected through `client`, recording into `registry`, and returns once
    /// the duration is over and the iterations in flight have ended.
    func run(client: LoadClient, registry: MetricsRegistry, body: @escaping IterationBody) async
}

extension Executor {
    /// `count` VUs, each with its own connection, recording into its event loop's sink, counted
    /// in `vus_max` through `gauge`.
    func makeVUs(_ count: Int, client: LoadClient, registry: MetricsRegistry, gauge: VUGauge) -> [VUContext] {
        gauge.set(vusMax: count)
        return (1...max(count, 1)).prefix(count).map { id in makeVU(id: id, client: client, registry: registry) }
    }

    /// VU number `id` with its own connection (opened on first use), recording into its event
    /// loop's sink.
    func makeVU(id: Int, client: LoadClient, registry: MetricsRegistry) -> VUContext {
        let connection = client.makeConnection()
        return VUContext(id: id, connection: connection, metrics: registry.sink(for: connection.eventLoop))
    }
}
