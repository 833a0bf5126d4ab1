/// What a program listing asks for: validated filters and a page.
public struct ProgramSearch: Sendable, Equatable {
    /// Matched against title, description, keywords and category (Korean or English, case-insensitive).
    public var keyword: String?
    /// Exact agency code, e.g. `IITP`.
    public var agency: String?
    /// Programs whose TRL range contains this level.
    public var trl: Int?
    /// `nil` lists every status.
    public var status: FundingProgram.Status?
    /// 1-based page number.
    public var page: Int
    /// Rows per page, 1–100.
    public var limit: Int

    public init(keyword: String? = nil, agency: String? = nil, trl: Int? = nil, status: FundingProgram.Status? = .active, page: Int = 1, limit: Int = 20) {
        self.keyword = keyword
        self.agency = agency
        self.trl = trl
        self.status = status
        self.page = page
        self.limit = limit
    }
}
