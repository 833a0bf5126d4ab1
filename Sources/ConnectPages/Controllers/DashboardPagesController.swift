import ConnectAPI
import ConnectCore
import Foundation
import Hummingbird

/// `GET /dashboard` (matches by status, the chat panel), `GET /dashboard/matches/{id}` (a match
/// and its AI explanation), `POST /dashboard/matches/{id}/save` (save or unsave) and
/// `POST /dashboard/chat` (the chat panel without JavaScript). Signed-out browsers are sent to
/// `/sign-in`. The same repositories and services as the API's matches, explanation and chat routes.
struct DashboardPagesController: Sendable {
    typealias Context = ConnectRequestContext

    let organizations: OrganizationRepository
    let matches: MatchService
    let chat: ChatService
    let renderer: PageRenderer
    /// Matches per page.
    static let pageSize = 10

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("dashboard", use: dashboard)
        group.get("dashboard/matches/{id}", use: match)
        group.post("dashboard/matches/{id}/save", use: save)
        group.post("dashboard/chat", use: ask)
    }

    @Sendable func dashboard(_ request: Request, context: Context) async throws -> Response {
        let session = try context.requirePage()
        guard let identity = session.identity else { return PageRedirect.signIn(returningTo: Self.currentAddress(request)) }
        let query = QueryReader(request)
        let status: MatchStatusFilter? = try query.choice("status")
        let page = try query.int("page", in: 1...100_000, default: 1)!
        return try await render(request, session: session, identity: identity, status: status, page: page, chat: .init())
    }

    @Sendable func match(_ request: Request, context: Context) async throws -> Response {
        let session = try context.requirePage()
        guard let identity = session.identity else { return PageRedirect.signIn(returningTo: Self.currentAddress(request)) }
        let id = try context.parameters.requireID("id")
        guard let organizationID = identity.organizationID else { throw APIError.notFound("No match with id \(id)") }
        let text = PageText.of(session.language)
        let format = PageFormat(language: session.language, now: Date())
        let address = "/dashboard/matches/\(id.uuidString.lowercased())"
        var status = HTTPResponse.Status.ok
        var headers: HTTPFields = [:]
        let view: MatchPageView
        do {
            // The card shows the whole match, read after the explanation has marked it viewed.
            guard let result = try await matches.explain(
                matchID: id, organizationID: organizationID, userID: identity.userID, language: session.language),
                let record = try await matches.find(id, organizationID: organizationID)
            else { throw APIError.notFound("No match with id \(id)") }
            view = MatchPageView(
                card: MatchCardView(record, text: text, format: format, returnTo: address, expanded: true),
                explanation: .init(result, text: text), explanationError: nil,
                programURL: "/programs/\(record.program.id.uuidString.lowercased())")
        } catch ExplanationService.Failure.rateLimited(let decision) {
            // The match is still shown; only its explanation waits.
            guard let record = try await matches.find(id, organizationID: organizationID) else { throw APIError.notFound("No match with id \(id)") }
            status = .tooManyRequests
            headers[.retryAfter] = String(decision.retryAfterSeconds)
            view = MatchPageView(
                card: MatchCardView(record, text: text, format: format, returnTo: address, expanded: true),
                explanation: nil, explanationError: text.explanationRateLimited,
                programURL: "/programs/\(record.program.id.uuidString.lowercased())")
        }
        return renderer.render("match", title: view.card.title, view: view, request: request, session: session, status: status, headers: headers)
    }

    @Sendable func save(_ request: Request, context: Context) async throws -> Response {
        let session = try context.requirePage()
        let returnTo = PageRedirect.dashboardTarget(session.form["return"])
        guard let identity = session.identity else { return PageRedirect.signIn(returningTo: returnTo) }
        let id = try context.parameters.requireID("id")
        let saved: Bool
        switch session.form["saved"] {
        case "true": saved = true
        case "false": saved = false
        default: throw APIError.unprocessable("Field 'saved' must be true or false")
        }
        guard let organizationID = identity.organizationID,
            try await matches.setSaved(id, organizationID: organizationID, userID: identity.userID, saved: saved) != nil
        else { throw APIError.notFound("No match with id \(id)") }
        return PageRedirect.to(returnTo)
    }

    @Sendable func ask(_ request: Request, context: Context) async throws -> Response {
        let session = try context.requirePage()
        guard let identity = session.identity else { return PageRedirect.signIn(returningTo: "/dashboard") }
        let message = session.form["message"] ?? ""
        var conversationID: UUID?
        if let text = session.form["conversationId"], !text.isEmpty {
            guard let id = UUID(uuidString: text) else { throw APIError.unprocessable("Field 'conversationId' must be a UUID") }
            conversationID = id
        }
        let answer = try await chat.ask(userID: identity.userID, message: message, conversationID: conversationID)
        let text = PageText.of(session.language)
        let panel = DashboardView.ChatPanel(
            conversationId: answer.conversationID.uuidString.lowercased(), question: answer.question, answer: answer.text,
            sourceKey: answer.source.rawValue, sourceName: text.sourceName(answer.source))
        return try await render(request, session: session, identity: identity, status: nil, page: 1, chat: panel)
    }

    private func render(
        _ request: Request, session: PageSession, identity: Identity, status: MatchStatusFilter?, page: Int, chat: DashboardView.ChatPanel
    ) async throws -> Response {
        let text = PageText.of(session.language)
        let format = PageFormat(language: session.language, now: Date())
        var view = DashboardView(organization: nil, tabs: [], matches: [], empty: true, pagination: nil, chat: chat)
        if let organizationID = identity.organizationID, let organization = try await organizations.find(organizationID) {
            let counts = try await matches.counts(organizationID: organizationID)
            let listed = try await matches.list(organizationID: organizationID, status: status, page: page, limit: Self.pageSize)
            let here = Self.address(status: status, page: page)
            view.organization = .init(organization, text: text)
            view.tabs = [
                .init(label: text.statusAll, count: counts.total, url: Self.address(status: nil, page: 1), current: status == nil),
                .init(label: text.statusNew, count: counts.new, url: Self.address(status: .new, page: 1), current: status == .new),
                .init(label: text.statusViewed, count: counts.viewed, url: Self.address(status: .viewed, page: 1), current: status == .viewed),
                .init(label: text.statusSaved, count: counts.saved, url: Self.address(status: .saved, page: 1), current: status == .saved),
            ]
            view.matches = listed.items.map { MatchCardView($0, text: text, format: format, returnTo: here, expanded: false) }
            view.empty = listed.items.isEmpty
            view.pagination = PaginationView(page: page, totalPages: listed.totalPages) { Self.address(status: status, page: $0) }
        }
        return renderer.render(
            "dashboard", title: text.dashboardTitle, view: view, request: request, session: session, script: PageTemplates.chatScript)
    }

    /// The dashboard's address for a status filter and page.
    static func address(status: MatchStatusFilter?, page: Int) -> String {
        var pairs: [String] = []
        if let status { pairs.append("status=\(status.rawValue)") }
        if page > 1 { pairs.append("page=\(page)") }
        return pairs.isEmpty ? "/dashboard" : "/dashboard?" + pairs.joined(separator: "&")
    }

    /// The path and query the browser asked for (to come back to after signing in).
    static func currentAddress(_ request: Request) -> String {
        request.uri.query.map { request.uri.path + "?" + $0 } ?? request.uri.path
    }
}
