import ConnectAPI
import ConnectCore
import Foundation
import Hummingbird

/// `GET /` (search and browse programs: keyword, agency, TRL, pages) and `GET /programs/{id}`,
/// through the same ``ProgramRepository`` as `/api/funding-programs`.
struct ProgramPagesController: Sendable {
    typealias Context = ConnectRequestContext

    let programs: ProgramRepository
    let renderer: PageRenderer
    /// Programs per page.
    static let pageSize = 10

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("/", use: list)
        group.get("programs/{id}", use: detail)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let session = try context.requirePage()
        let text = PageText.of(session.language)
        let format = PageFormat(language: session.language, now: Date())
        let query = QueryReader(request)
        let search = ProgramSearch(
            keyword: try query.string("keyword", maxLength: 100),
            agency: try query.string("agency", maxLength: 20)?.uppercased(),
            trl: try query.int("trl", in: 1...9),
            status: .active,
            page: try query.int("page", in: 1...100_000, default: 1)!,
            limit: Self.pageSize)
        async let statistics = programs.statistics()
        let found = try await programs.list(search)
        let agencies = try await statistics.byAgency.keys.sorted()

        let summary: String
        switch (session.language, search.keyword) {
        case (.korean, let keyword?): summary = "‘\(keyword)’ 검색 결과 총 \(found.total)건"
        case (.korean, nil): summary = "총 \(found.total)건"
        case (.english, let keyword?): summary = "\(found.total) program\(found.total == 1 ? "" : "s") for “\(keyword)”"
        case (.english, nil): summary = "\(found.total) program\(found.total == 1 ? "" : "s")"
        }
        let view = ProgramListView(
            keyword: search.keyword ?? "",
            agencies: agencies.map { PageOption(value: $0, label: $0, selected: $0 == search.agency) },
            trls: (1...9).map { PageOption(value: String($0), label: "TRL \($0)", selected: $0 == search.trl) },
            summary: summary,
            programs: found.items.map { ProgramCardView($0, format: format) },
            empty: found.items.isEmpty,
            pagination: PaginationView(page: search.page, totalPages: found.totalPages) { page in
                Self.listURL(search, page: page)
            })
        return renderer.render("programs", title: text.programsTitle, view: view, request: request, session: session)
    }

    @Sendable func detail(_ request: Request, context: Context) async throws -> Response {
        let session = try context.requirePage()
        let id = try context.parameters.requireID("id")
        guard let program = try await programs.find(id) else { throw APIError.notFound("No funding program with id \(id)") }
        let text = PageText.of(session.language)
        let view = ProgramDetailView(program, text: text, format: PageFormat(language: session.language, now: Date()))
        return renderer.render("program", title: program.title, view: view, request: request, session: session)
    }

    /// The address of another page of the same search.
    static func listURL(_ search: ProgramSearch, page: Int) -> String {
        var pairs: [String] = []
        if let keyword = search.keyword { pairs.append("keyword=" + PageRenderer.encode(keyword)) }
        if let agency = search.agency { pairs.append("agency=" + PageRenderer.encode(agency)) }
        if let trl = search.trl { pairs.append("trl=\(trl)") }
        pairs.append("page=\(page)")
        return "/?" + pairs.joined(separator: "&")
    }
}
