import ConnectCore
import Hummingbird
import Logging
import ServiceLifecycle

/// The HTTP application serving `router`: each connection gets the health-probe handler (ahead of
/// the HTTP-types conversion), the connection limits and the router's responder in its own last
/// handler (``ConnectHTTP1Channel``), and the dependency pools run as services that close on
/// graceful shutdown, after the server has drained.
package func serverApplication(
    router: Router<ConnectRequestContext>,
    configuration: ConnectConfiguration,
    dependencies: PlatformDependencies,
    additionalServices: [any Service],
    tracing: (any Service)?,
    logger: Logger
) -> some ApplicationProtocol {
    let lastBody = EncodedHealthBody()
    let readiness = ReadinessAnswers(logger: logger) {
        await HealthController<ConnectRequestContext>.readinessAnswer(dependencies: dependencies, lastBody: lastBody)
    }
    let responder = router.buildResponder()
    return Application(
        responder: responder,
        server: .connectHTTP1(responder: responder, readiness: readiness, limits: ConnectionLimits(configuration: configuration)),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        // Shut down in reverse: the server drains first (probes still answered), then the
        // readiness checks, a worker, the pools.
        services: (tracing.map { [$0] } ?? []) + dependencies.services + additionalServices + [readiness],
        logger: logger)
}
