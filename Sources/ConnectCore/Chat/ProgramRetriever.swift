import Foundation
import PostgresClient

/// Finds the programs a question is about: each word of two or more characters is looked up in
/// the programs' search text, and programs are ranked by how many words they contain.
public struct ProgramRetriever: Sendable {
    private let database: PostgresPool

    public init(database: PostgresPool) {
        self.database = database
    }

    /// Words worth searching for, lower-cased, without Korean particles' common endings.
    static func terms(of question: String) -> [String] {
        let separators = CharacterSet.alphanumerics.inverted
        var seen = Set<String>()
        var terms: [String] = []
        for raw in question.lowercased().components(separatedBy: separators) where raw.count >= 2 {
            var word = raw
            for ending in ["에서", "으로", "에게", "과", "와", "은", "는", "이", "가", "을", "를", "의", "에", "로", "도"] where word.count > ending.count + 1 && word.hasSuffix(ending) {
                word = String(word.dropLast(ending.count))
                break
            }
            if seen.insert(word).inserted { terms.append(word) }
            if terms.count == 8 { break }
        }
        return terms
    }

    /// Up to `limit` active programs, best match first.
    public func programs(for question: String, limit: Int = 3) async throws -> [FundingProgram] {
        let terms = Self.terms(of: question)
        guard !terms.isEmpty else { return [] }
        let patterns = terms.map { "%" + ProgramRepository.escapeLike($0) + "%" }
        let columns = FundingProgram.columns(qualifiedBy: "p")
        return try await database.query("""
            SELECT \(unescaped: columns) FROM funding_programs p
            CROSS JOIN LATERAL (SELECT count(*) AS hits FROM unnest(\(patterns)::text[]) AS pattern WHERE p.search_document LIKE pattern) h
            WHERE p.status = 'ACTIVE' AND h.hits > 0
            ORDER BY h.hits DESC, p.deadline ASC NULLS LAST LIMIT \(limit)
            """).map(FundingProgram.init(row:))
    }
}
