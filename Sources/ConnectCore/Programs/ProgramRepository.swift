import Foundation
import PostgresClient

/// Reads funding programs from PostgreSQL.
public struct ProgramRepository: Sendable {
    private let database: PostgresPool

    public init(database: PostgresPool) {
        self.database = database
    }

    /// Programs matching `search`, nearest deadline first, with the total count.
    ///
    /// Only the filters present become SQL conditions, so each combination is its own prepared
    /// statement with a plan that can use the trigram and agency indexes.
    public func list(_ search: ProgramSearch) async throws -> Page<FundingProgram> {
        var binds: [any PostgresEncodable] = []
        func bind(_ value: any PostgresEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        var conditions: [String] = []
        if let keyword = search.keyword {
            conditions.append("search_document LIKE \(bind("%" + Self.escapeLike(keyword.lowercased()) + "%"))")
        }
        if let agency = search.agency { conditions.append("agency = \(bind(agency))") }
        if let trl = search.trl {
            let level = bind(trl)
            conditions.append("coalesce(min_trl, 1) <= \(level)::int AND coalesce(max_trl, 9) >= \(level)::int")
        }
        if let status = search.status { conditions.append("status = \(bind(status.rawValue))") }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let filterBinds = binds
        let offset = (search.page - 1) * search.limit
        let limitPlaceholder = bind(search.limit)
        let offsetPlaceholder = bind(offset)
        let countQuery = PostgresQuery(sql: "SELECT count(*) FROM funding_programs \(filter)", binds: filterBinds)
        let pageQuery = PostgresQuery(
            sql: """
                SELECT \(FundingProgram.columns) FROM funding_programs \(filter)
                ORDER BY deadline ASC NULLS LAST, title, id LIMIT \(limitPlaceholder) OFFSET \(offsetPlaceholder)
                """,
            binds: binds)
        // Two statements on shared connections (pipelined with others'), not a lent one.
        let total = try await database.query(countQuery).first!.decode(Int.self, at: 0)
        guard total > offset else { return Page(items: [], page: search.page, limit: search.limit, total: total) }
        let programs = try await database.query(pageQuery).map(FundingProgram.init(row:))
        return Page(items: programs, page: search.page, limit: search.limit, total: total)
    }

    /// One program, or `nil`.
    public func find(_ id: UUID) async throws -> FundingProgram? {
        try await database.query("SELECT \(unescaped: FundingProgram.columns) FROM funding_programs WHERE id = \(id)")
            .first.map(FundingProgram.init(row:))
    }

    /// Totals over the catalogue.
    public func statistics() async throws -> ProgramStatistics {
        let rows = try await database.query("""
            SELECT agency, count(*), count(*) FILTER (WHERE status = 'ACTIVE') FROM funding_programs GROUP BY agency ORDER BY agency
            """).rows
        var byAgency: [String: Int] = [:]
        var total = 0
        var active = 0
        for row in rows {
            let (agency, count, activeCount) = try row.decode((String, Int, Int).self)
            byAgency[agency] = count
            total += count
            active += activeCount
        }
        return ProgramStatistics(totalPrograms: total, activePrograms: active, totalAgencies: byAgency.count, byAgency: byAgency)
    }

    /// Escapes `%`, `_` and `\` so user text matches literally inside a LIKE pattern.
    static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
