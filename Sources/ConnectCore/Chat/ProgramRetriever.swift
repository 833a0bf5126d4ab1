import Foundation
import PostgresClient

/// Finds the programs a question is about: each word of two or more characters is looked up in
/// the programs' search text, and programs are ranked by how many words they contain.
public struct ProgramRetriever: Sendable {
    private let database: PostgresPool

    public init(database: PostgresPool) {
        self.database = database
    }

    /// Words worth searching for: the question's first eight distinct ``QuestionWords`` of two
    /// or more characters.
    static func terms(of question: String) -> [String] {
        terms(from: QuestionWords.words(of: question))
    }

    /// The search terms among a question's `words`.
    static func terms(from words: [String]) -> [String] {
        var seen = Set<String>()
        var terms: [String] = []
        for word in words where word.count >= 2 && seen.insert(word).inserted {
            terms.append(word)
            if terms.count == 8 { break }
        }
        return terms
    }

    /// What a question retrieved: the programs, best match first, with their versions.
    public struct Retrieval: Sendable {
        /// The question's ``QuestionWords``, worked out once for the search and the answer cache.
        public var words: [String]
        public var programs: [FundingProgram]
        /// Each program's `version`, in the same order (bumped by every change to the program).
        public var versions: [Int]

        /// `id:version` of each program, in order: what a cached answer was written from.
        public var fingerprint: String {
            zip(programs, versions).map { "\($0.id.uuidString.lowercased()):\($1)" }.joined(separator: ",")
        }
    }

    /// Up to `limit` active programs, best match first.
    public func programs(for question: String, limit: Int = 3) async throws -> Retrieval {
        let words = QuestionWords.words(of: question)
        let terms = Self.terms(from: words)
        guard !terms.isEmpty else { return Retrieval(words: words, programs: [], versions: []) }
        let patterns = terms.map { "%" + ProgramRepository.escapeLike($0) + "%" }
        let columns = FundingProgram.columns(qualifiedBy: "p")
        let rows = try await database.query("""
            SELECT \(unescaped: columns), p.version FROM funding_programs p
            CROSS JOIN LATERAL (SELECT count(*) AS hits FROM unnest(\(patterns)::text[]) AS pattern WHERE p.search_document LIKE pattern) h
            WHERE p.status = 'ACTIVE' AND h.hits > 0
            ORDER BY h.hits DESC, p.deadline ASC NULLS LAST LIMIT \(limit)
            """).rows
        return Retrieval(
            words: words,
            programs: try rows.map(FundingProgram.init(row:)),
            versions: try rows.map { try $0.decode(Int.self, at: 18) })
    }
}
