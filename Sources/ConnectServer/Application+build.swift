import ConnectAPI
import ConnectCore
import ConnectPages
import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the platform's HTTP application: the router with its middleware, the JSON API and the
/// browser pages, and the dependency pools as services that close on graceful shutdown (after the
/// server has drained).
/// - Parameter tracing: the service exporting spans when tracing is on: every request then gets a
///   span (``RequestTracing``), and the service shuts down last, after the server drained.
public func buildApplication(
    configuration: ConnectConfiguration,
    dependencies: PlatformDependencies,
    additionalServices: [any Service] = [],
    tracing: (any Service)? = nil,
    logger: Logger
) async -> some ApplicationProtocol {
    let router = await buildRouter(dependencies: dependencies, tracing: tracing != nil, logger: logger)
    return serverApplication(
        router: router, configuration: configuration, dependencies: dependencies,
        additionalServices: additionalServices, tracing: tracing, logger: logger)
}

/// The router: request ids, tracing, metrics and the access log outermost (one layer,
/// ``RequestObservationMiddleware``), then error mapping, then the routes — the
/// JSON API (``addAPIRoutes(to:dependencies:access:)``) and the browser pages
/// (``addPageRoutes(to:dependencies:access:)``), which share one ``AccessControl``.
public func buildRouter(dependencies: PlatformDependencies, tracing: Bool = false, logger: Logger) async -> Router<ConnectRequestContext> {
    let access = await AccessControl(dependencies: dependencies)
    let router = Router(context: ConnectRequestContext.self)
    let routeMethods = RouteMethods()
    router.add(middleware: RequestObservationMiddleware(tracing: tracing))
    router.add(middleware: ErrorMiddleware(routes: routeMethods))
    addAPIRoutes(to: router, dependencies: dependencies, access: access)
    addPageRoutes(to: router, dependencies: dependencies, access: access)
    routeMethods.install(router.routes)
    return router
}
