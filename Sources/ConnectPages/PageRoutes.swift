import ConnectAPI
import ConnectCore
import Hummingbird

/// The server-rendered pages for browsers, added to `router` in a group behind
/// ``PageSessionMiddleware``, over the same repositories and services as the API.
package func addPageRoutes(to router: Router<ConnectRequestContext>, dependencies: PlatformDependencies, access: AccessControl) {
    let renderer = PageRenderer()
    let pages = router.group()
        .add(middleware: PageSessionMiddleware(authenticator: access.authenticator, csrf: access.csrf, renderer: renderer))
    ProgramPagesController(programs: dependencies.programs, renderer: renderer).addRoutes(to: pages)
    SignInPagesController(signIn: access.signIn, renderer: renderer).addRoutes(to: pages)
    DashboardPagesController(
        organizations: dependencies.organizations, matches: dependencies.matches, chat: dependencies.chat, renderer: renderer
    ).addRoutes(to: pages)
}
