import Foundation
import Logging
import PostgresClient

/// A large deterministic dataset for benchmarks: `count` programs and `count / 10` organizations
/// (at least 10), the same on every run and every machine, written in batches with `unnest`.
public struct SyntheticDataset: Sendable {
    private let database: PostgresPool
    private let logger: Logger

    public init(database: PostgresPool, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    static let agencies = ["IITP", "KEIT", "TIPA", "KIMST", "NTIS", "KOCCA", "KHIDI", "KETEP"]
    static let categories = ["AI/SW", "ICT", "반도체", "바이오", "소재부품", "제조", "농업", "해양", "에너지", "물류"]
    static let keywordPool = [
        "AI", "인공지능", "머신러닝", "딥러닝", "IoT", "사물인터넷", "스마트팜", "바이오", "반도체", "클라우드",
        "데이터", "플랫폼", "센서", "로봇", "자율주행", "수소", "ESS", "소재", "부품", "헬스케어", "보안", "블록체인",
    ]
    static let kinds = Organization.Kind.allCases.map(\.rawValue)

    /// Writes the dataset (upserting by content hash and derived ids); returns programs and organizations written.
    @discardableResult
    public func generate(count: Int, now: Date = Date()) async throws -> (programs: Int, organizations: Int) {
        var random = SplitMix64(seed: 0xC0FFEE)
        let batch = 1000
        var written = 0
        while written < count {
            let size = min(batch, count - written)
            var columns = Array(repeating: [String](), count: 9)
            var budgets: [Int64] = []
            var deadlines: [Date] = []
            for index in written..<(written + size) {
                let agency = Self.agencies[random.next(below: Self.agencies.count)]
                let category = Self.categories[random.next(below: Self.categories.count)]
                let keywords = (0..<(2 + random.next(below: 3))).map { _ in Self.keywordPool[random.next(below: Self.keywordPool.count)] }
                let minTRL = 1 + random.next(below: 6)
                let maxTRL = min(9, minTRL + 2 + random.next(below: 3))
                let targets = Self.kinds.filter { _ in random.next(below: 3) > 0 }
                columns[0].append(agency)
                columns[1].append("\(category) 기술개발 지원사업 \(index + 1)호")
                columns[2].append("\(category) 분야 \(keywords.joined(separator: ", ")) 기술의 개발과 실증을 지원합니다.")
                columns[3].append((targets.isEmpty ? ["COMPANY"] : targets).joined(separator: ","))
                columns[4].append(String(minTRL))
                columns[5].append(String(maxTRL))
                columns[6].append(category)
                columns[7].append(keywords.joined(separator: ","))
                columns[8].append("synthetic:\(index)")
                budgets.append(Int64(50 + random.next(below: 1950)) * 1_000_000)
                deadlines.append(now.addingTimeInterval(Double(3 + random.next(below: 120)) * 86_400))
            }
            try await database.query("""
                INSERT INTO funding_programs (agency, title, description, target_types, min_trl, max_trl, category,
                    keywords, content_hash, budget_krw, deadline, application_start, published_at, status)
                SELECT agency, title, description, string_to_array(targets, ','), min_trl::smallint, max_trl::smallint,
                    category, string_to_array(keywords, ','), hash, budget, deadline, \(now)::timestamptz, \(now)::timestamptz, 'ACTIVE'
                FROM unnest(\(columns[0])::text[], \(columns[1])::text[], \(columns[2])::text[], \(columns[3])::text[],
                    \(columns[4])::text[], \(columns[5])::text[], \(columns[6])::text[], \(columns[7])::text[],
                    \(columns[8])::text[], \(budgets)::bigint[], \(deadlines)::timestamptz[])
                    AS t(agency, title, description, targets, min_trl, max_trl, category, keywords, hash, budget, deadline)
                ON CONFLICT (content_hash) DO UPDATE SET deadline = EXCLUDED.deadline, status = 'ACTIVE'
                """)
            written += size
        }

        let organizationCount = max(10, count / 10)
        var ids: [UUID] = []
        var names: [String] = []
        var sectors: [String] = []
        var trls: [Int] = []
        var technologies: [String] = []
        for index in 0..<organizationCount {
            ids.append(SeedData.stableUUID("synthetic-organization:\(index)"))
            names.append("합성기업 \(index + 1)")
            sectors.append(Self.categories[random.next(below: Self.categories.count)])
            trls.append(1 + random.next(below: 9))
            technologies.append((0..<3).map { _ in Self.keywordPool[random.next(below: Self.keywordPool.count)] }.joined(separator: ","))
        }
        for start in stride(from: 0, to: organizationCount, by: batch) {
            let range = start..<min(organizationCount, start + batch)
            try await database.query("""
                INSERT INTO organizations (id, name, type, business_structure, industry_sector, trl, key_technologies,
                    rd_experience)
                SELECT id, name, 'COMPANY', 'CORPORATION', sector, trl::smallint, string_to_array(technologies, ','), true
                FROM unnest(\(Array(ids[range]))::uuid[], \(Array(names[range]))::text[], \(Array(sectors[range]))::text[],
                    \(Array(trls[range]))::int[], \(Array(technologies[range]))::text[]) AS t(id, name, sector, trl, technologies)
                ON CONFLICT (id) DO NOTHING
                """)
        }
        logger.info("synthetic dataset written", metadata: ["programs": "\(count)", "organizations": "\(organizationCount)"])
        return (count, organizationCount)
    }
}

/// A small, fast, deterministic pseudo-random generator (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
