import ConnectCore
import Hummingbird
import Prometheus

/// The JSON API under `/api`, `/metrics` and the OpenAPI document, added to `router`: routes that
/// need a signed-in user sit in a group behind ``AuthenticationMiddleware``, the AI routes also
/// behind ``CircuitStateMiddleware``.
package func addAPIRoutes(to router: Router<ConnectRequestContext>, dependencies: PlatformDependencies, access: AccessControl) {
    let configuration = dependencies.configuration
    MetricsController(dependencies: dependencies, registry: PrometheusMetricsFactory.defaultRegistry).addRoutes(to: router)
    OpenAPIController().addRoutes(to: router)
    let api = router.group("api")
    let authenticated = router.group("api")
        .add(middleware: AuthenticationMiddleware(authenticator: access.authenticator, csrf: access.csrf))

    HealthController(dependencies: dependencies).addRoutes(to: api)
    ProgramsController(programs: dependencies.programs, cache: dependencies.programSearchCache).addRoutes(to: api)
    AuthController(
        users: dependencies.users, accounts: access.authenticator.accounts, hasher: access.hasher,
        registration: access.registration, signIn: access.signIn
    ).addRoutes(to: api, authenticated: authenticated)

    let matches = dependencies.matches
    let organizations = dependencies.organizations
    MatchesController(matches: matches).addRoutes(to: authenticated)
    SavedProgramsController(saved: dependencies.savedPrograms, matches: matches).addRoutes(to: authenticated)
    OrganizationsController(organizations: organizations, matches: matches).addRoutes(to: authenticated)
    DashboardController(organizations: organizations, matches: matches, saved: dependencies.savedPrograms).addRoutes(to: authenticated)
    FeedbackController(feedback: dependencies.feedback).addRoutes(to: authenticated)

    // The AI routes report the breaker's state on every answer.
    let ai = router.group("api")
        .add(middleware: AuthenticationMiddleware(authenticator: access.authenticator, csrf: access.csrf))
        .add(middleware: CircuitStateMiddleware { dependencies.circuitState })
    ExplanationController(matches: matches).addRoutes(to: ai)
    ChatController(chat: dependencies.chat).addRoutes(to: ai)
    JobsController(jobs: dependencies.jobs, queue: dependencies.jobQueue).addRoutes(to: authenticated)
    AdminController(
        statistics: { try await dependencies.usageStatistics(days: $0) }, breaker: dependencies.breaker,
        provider: dependencies.model.provider, dailyBudgetKRW: configuration.aiDailyBudgetKRW
    ).addRoutes(to: authenticated)
}
