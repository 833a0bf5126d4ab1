import ConnectCore
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// Builds the platform's HTTP application: the router with its middleware, and the dependency
/// pools as services that close on graceful shutdown (after the server has drained).
/// - Parameter tracing: the service exporting spans when tracing is on: every request then gets a
///   span (``RequestTracingMiddleware``), and the service shuts down last, after the server drained.
public func buildApplication(
    configuration: ConnectConfiguration,
    dependencies: PlatformDependencies,
    additionalServices: [any Service] = [],
    tracing: (any Service)? = nil,
    logger: Logger
) async -> some ApplicationProtocol {
    let router = await buildRouter(dependencies: dependencies, tracing: tracing != nil, logger: logger)
    let lastBody = EncodedHealthBody()
    let readiness = ReadinessAnswers(logger: logger) {
        await HealthController<ConnectRequestContext>.readinessAnswer(dependencies: dependencies, lastBody: lastBody)
    }
    return Application(
        router: router,
        // Each connection gets its own health-probe handler, below the HTTP-types conversion.
        server: .connectHTTP1(readiness: readiness, limits: ConnectionLimits(configuration: configuration)),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        // Shut down in reverse: the server drains first (probes still answered), then the
        // readiness checks, a worker, the pools.
        services: (tracing.map { [$0] } ?? []) + dependencies.services + additionalServices + [readiness],
        logger: logger)
}

/// The router: request ids outermost, then request logging, then error mapping, then routes;
/// routes that need a signed-in user sit in a group behind ``AuthenticationMiddleware``, and the
/// browser pages in a group behind ``PageSessionMiddleware``.
public func buildRouter(dependencies: PlatformDependencies, tracing: Bool = false, logger: Logger) async -> Router<ConnectRequestContext> {
    let configuration = dependencies.configuration
    let tokens = await AccessTokens(secret: configuration.jwtSecret)
    let users = dependencies.users
    let authenticator = Authenticator(
        tokens: tokens, accounts: AccountDirectory(users: users, lifetime: .seconds(configuration.identityCacheSeconds)))
    // Browser pages' forms and scripts prove their origin with it; the API takes the session cookie only with it.
    let csrf = CSRFProtection(secret: configuration.jwtSecret)
    let router = Router(context: ConnectRequestContext.self)
    let routeMethods = RouteMethods()
    router.add(middleware: RequestIDMiddleware())
    if tracing { router.add(middleware: RequestTracingMiddleware()) }
    router.add(middleware: RequestMetricsMiddleware())
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: ErrorMiddleware(routes: routeMethods))
    MetricsController(dependencies: dependencies, registry: PrometheusMetricsFactory.defaultRegistry).addRoutes(to: router)
    OpenAPIController().addRoutes(to: router)
    let api = router.group("api")
    let authenticated = router.group("api").add(middleware: AuthenticationMiddleware(authenticator: authenticator, csrf: csrf))

    HealthController(dependencies: dependencies).addRoutes(to: api)
    ProgramsController(programs: dependencies.programs, cache: dependencies.programSearchCache).addRoutes(to: api)
    let hasher = PasswordHasher()
    let signIn = SignInService(users: users, hasher: hasher, tokens: tokens, limiter: dependencies.loginLimiter)
    let registration = RegistrationService(users: users, hasher: hasher, tokens: tokens, limiter: dependencies.registrationLimiter)
    AuthController(users: users, accounts: authenticator.accounts, hasher: hasher, registration: registration, signIn: signIn)
        .addRoutes(to: api, authenticated: authenticated)

    let matches = dependencies.matches
    let organizations = dependencies.organizations
    MatchesController(matches: matches).addRoutes(to: authenticated)
    SavedProgramsController(saved: dependencies.savedPrograms, matches: matches).addRoutes(to: authenticated)
    OrganizationsController(organizations: organizations, matches: matches).addRoutes(to: authenticated)
    DashboardController(organizations: organizations, matches: matches, saved: dependencies.savedPrograms).addRoutes(to: authenticated)
    FeedbackController(feedback: dependencies.feedback).addRoutes(to: authenticated)

    // The AI routes report the breaker's state on every answer.
    let ai = router.group("api")
        .add(middleware: AuthenticationMiddleware(authenticator: authenticator, csrf: csrf))
        .add(middleware: CircuitStateMiddleware { dependencies.circuitState })
    ExplanationController(matches: matches).addRoutes(to: ai)
    ChatController(chat: dependencies.chat).addRoutes(to: ai)
    JobsController(jobs: dependencies.jobs, queue: dependencies.jobQueue).addRoutes(to: authenticated)
    AdminController(
        statistics: { try await dependencies.usageStatistics(days: $0) }, breaker: dependencies.breaker,
        provider: dependencies.model.provider, dailyBudgetKRW: configuration.aiDailyBudgetKRW
    ).addRoutes(to: authenticated)

    // Server-rendered pages for browsers, over the same repositories and services.
    let renderer = PageRenderer()
    let pages = router.group().add(middleware: PageSessionMiddleware(authenticator: authenticator, csrf: csrf, renderer: renderer))
    ProgramPagesController(programs: dependencies.programs, renderer: renderer).addRoutes(to: pages)
    SignInPagesController(signIn: signIn, renderer: renderer).addRoutes(to: pages)
    DashboardPagesController(organizations: organizations, matches: matches, chat: dependencies.chat, renderer: renderer)
        .addRoutes(to: pages)
    routeMethods.install(router.routes)
    return router
}
