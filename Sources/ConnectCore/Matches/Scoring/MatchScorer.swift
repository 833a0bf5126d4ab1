import Foundation

/// Scores organizations against funding programs: hard filters first, then a weighted score out
/// of 100 (industry 25, keywords 20, TRL 15, organization type 15, R&D experience 10, deadline 15).
public struct MatchScorer: Sendable {
    /// The lowest score kept by ``rank(_:against:now:limit:)``.
    public var minimumScore: Int

    public init(minimumScore: Int = 40) {
        self.minimumScore = minimumScore
    }

    /// The organization's text, normalized once for scoring many programs.
    struct Profile {
        let organization: Organization
        let certifications: Set<String>
        let sector: String?
        let terms: [String]
        let termSet: Set<String>

        init(_ organization: Organization) {
            self.organization = organization
            certifications = Set(organization.certifications.map(MatchScorer.normalized))
            sector = organization.industrySector.map(MatchScorer.normalized).flatMap { $0.isEmpty ? nil : $0 }
            terms = (organization.keyTechnologies + organization.researchFocusAreas).map(MatchScorer.normalized).filter { !$0.isEmpty }
            termSet = Set(terms)
        }
    }

    /// Evaluates one program for one organization at `now`.
    public func evaluate(_ organization: Organization, _ program: FundingProgram, now: Date) -> MatchEvaluation {
        evaluate(Profile(organization), program, now: now)
    }

    /// - Parameter narrate: whether to write the reasons and cautions; ranking scores every
    ///   candidate without them and narrates only the kept ones.
    func evaluate(_ profile: Profile, _ program: FundingProgram, now: Date, narrate: Bool = true) -> MatchEvaluation {
        let organization = profile.organization
        var failed: [String] = []
        var unknown = false
        var reasons = Notes(enabled: narrate)
        var cautions = Notes(enabled: narrate)

        // Hard filters.
        if program.status != .active { failed.append("program is \(program.status.rawValue)") }
        if let deadline = program.deadline, deadline < now { failed.append("deadline passed") }
        if !program.targetTypes.isEmpty && !program.targetTypes.contains(organization.type) {
            failed.append("organization type \(organization.type.rawValue) not targeted")
        }
        if let trl = organization.trl {
            if let minimum = program.minTRL, trl < minimum { failed.append("TRL \(trl) below \(minimum)") }
            if let maximum = program.maxTRL, trl > maximum { failed.append("TRL \(trl) above \(maximum)") }
        } else if program.minTRL != nil || program.maxTRL != nil {
            unknown = true
            cautions.append("기술성숙도(TRL) 정보가 없어 TRL 요건을 확인해야 합니다")
        }
        let missing = program.requiredCertifications.filter { !profile.certifications.contains(Self.normalized($0)) }
        if !missing.isEmpty { failed.append("missing certifications: \(missing.joined(separator: ", "))") }
        if !program.allowedBusinessStructures.isEmpty {
            if let structure = organization.businessStructure {
                if !program.allowedBusinessStructures.contains(structure) { failed.append("business structure \(structure) not allowed") }
            } else {
                unknown = true
                cautions.append("사업자 형태 요건(\(program.allowedBusinessStructures.joined(separator: ", ")))을 확인해야 합니다")
            }
        }

        // Weighted components.
        let industry = industryPoints(profile, program, reasons: &reasons)
        let (keywordPoints, matched) = keywordPoints(profile, program)
        if !matched.isEmpty { reasons.append("핵심 키워드 일치: \(matched.joined(separator: ", "))") }
        let trl = trlPoints(organization, program, reasons: &reasons)
        let type = typePoints(organization, program, reasons: &reasons)
        let rd = organization.rdExperience ? 10 : 4
        if organization.rdExperience { reasons.append("정부 R&D 수행 경험 보유") }
        let deadline = deadlinePoints(program, now: now, reasons: &reasons, cautions: &cautions)
        if !program.requiredCertifications.isEmpty && missing.isEmpty {
            reasons.append("필수 인증 보유: \(program.requiredCertifications.joined(separator: ", "))")
        }

        let breakdown = MatchBreakdown(
            industry: industry, keywords: keywordPoints, trl: trl, organizationType: type, rdExperience: rd,
            deadline: deadline, matchedKeywords: matched, reasons: reasons.items, cautions: cautions.items)
        let eligibility: Eligibility = !failed.isEmpty ? .ineligible : (unknown ? .conditionally : .fully)
        return MatchEvaluation(
            program: program, eligibility: eligibility, score: failed.isEmpty ? breakdown.total : 0,
            breakdown: breakdown, failedRequirements: failed)
    }

    /// The eligible programs scoring at least ``minimumScore``, best first, at most `limit`.
    public func rank(_ organization: Organization, against programs: [FundingProgram], now: Date, limit: Int) -> [MatchEvaluation] {
        var kept: [MatchEvaluation] = []
        let profile = Profile(organization)
        for program in programs {
            let evaluation = evaluate(profile, program, now: now, narrate: false)
            if evaluation.eligibility != .ineligible && evaluation.score >= minimumScore { kept.append(evaluation) }
        }
        // Best score, then nearest deadline, then program id: equal candidates always rank the
        // same way, so regenerating keeps the same matches (and their ids) when nothing changed.
        kept.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            let (deadlineA, deadlineB) = (a.program.deadline ?? .distantFuture, b.program.deadline ?? .distantFuture)
            if deadlineA != deadlineB { return deadlineA < deadlineB }
            return a.program.id.uuidString < b.program.id.uuidString
        }
        return kept.prefix(limit).map { evaluate(profile, $0.program, now: now) }
    }

    // MARK: - Components

    private func industryPoints(_ profile: Profile, _ program: FundingProgram, reasons: inout Notes) -> Int {
        guard let category = program.category.map(Self.normalized), !category.isEmpty else { return 12 }
        guard let sector = profile.sector else { return 8 }
        if sector == category || sector.utf8Contains(category) || category.utf8Contains(sector) {
            reasons.append("산업 분야 일치: \(program.category ?? "")")
            return 25
        }
        if profile.termSet.contains(category) || program.keywords.contains(where: { Self.normalized($0) == sector }) {
            reasons.append("관련 산업 분야: \(program.category ?? "")")
            return 15
        }
        return 5
    }

    private func keywordPoints(_ profile: Profile, _ program: FundingProgram) -> (Int, [String]) {
        guard !program.keywords.isEmpty else { return (10, []) }
        let terms = profile.terms
        let matched = program.keywords.filter { keyword in
            let key = Self.normalized(keyword)
            return terms.contains { term in
                term == key || (key.utf8.count >= 2 && term.utf8Contains(key)) || (term.utf8.count >= 2 && key.utf8Contains(term))
            }
        }
        let needed = min(3, program.keywords.count)
        let points = Int((20.0 * min(1.0, Double(matched.count) / Double(needed))).rounded())
        return (points, matched)
    }

    private func trlPoints(_ organization: Organization, _ program: FundingProgram, reasons: inout Notes) -> Int {
        guard let trl = organization.trl else { return 7 }
        guard let minimum = program.minTRL, let maximum = program.maxTRL else { return 12 }
        reasons.append("기술성숙도 TRL \(trl)이(가) 지원 범위 \(minimum)–\(maximum)에 포함")
        // Full points away from the edges of the range, where the fit is least certain.
        return (trl > minimum && trl < maximum) || minimum == maximum ? 15 : 12
    }

    private func typePoints(_ organization: Organization, _ program: FundingProgram, reasons: inout Notes) -> Int {
        guard !program.targetTypes.isEmpty else { return 12 }
        guard program.targetTypes.contains(organization.type) else { return 0 }
        reasons.append("지원 대상 기관 유형에 해당")
        return 15
    }

    private func deadlinePoints(_ program: FundingProgram, now: Date, reasons: inout Notes, cautions: inout Notes) -> Int {
        guard let deadline = program.deadline else { return 8 }
        let days = Int(deadline.timeIntervalSince(now) / 86_400)
        switch days {
        case ..<0:
            return 0
        case 0..<7:
            cautions.append("마감까지 \(days)일 남아 준비 기간이 촉박합니다")
            return 5
        case 7..<14:
            cautions.append("마감까지 \(days)일 남았습니다")
            return 10
        case 14...60:
            reasons.append("마감까지 \(days)일, 준비하기 알맞은 시점")
            return 15
        default:
            return 12
        }
    }

    /// Lower-cased, without surrounding ASCII spaces (Foundation's trimming is slow in this hot loop).
    static func normalized(_ text: String) -> String {
        let lower = text.lowercased()
        let bytes = lower.utf8
        guard let first = bytes.firstIndex(where: { $0 > 0x20 }), let last = bytes.lastIndex(where: { $0 > 0x20 }) else { return "" }
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return lower }
        return String(lower[first...last])
    }
}

/// Reasons or cautions being written; when disabled, the texts are not even built.
struct Notes {
    let enabled: Bool
    private(set) var items: [String] = []

    init(enabled: Bool) { self.enabled = enabled }

    mutating func append(_ text: @autoclosure () -> String) {
        if enabled { items.append(text()) }
    }
}

extension String {
    /// Whether `other` occurs in this string, comparing UTF-8 bytes (no locale, no Foundation).
    func utf8Contains(_ other: String) -> Bool {
        let haystack = Array(utf8)
        let needle = Array(other.utf8)
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
