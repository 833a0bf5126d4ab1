import Foundation

/// Writes explanations locally from the match breakdown: which requirements hold, which score
/// components carried the match, the TRL fit and the deadline. Deterministic, free and instant;
/// Korean by default, English on request.
public struct OfflineLanguageModel: LanguageModel {
    public let provider = "offline"
    public let modelName = "connect-offline-1"
    /// Answers come from the question's programs alone.
    public let answersFromHistory = false
    /// `local` when chosen by configuration, `fallback` when standing in for the remote model.
    public var source: AnswerSource

    public init(source: AnswerSource = .local) {
        self.source = source
    }

    public func explain(_ request: ExplanationRequest) async throws -> ModelReply<Explanation> {
        let explanation = request.language == .english ? english(request) : korean(request)
        let prompt = request.organization.name + request.match.program.title + request.match.breakdown.reasons.joined()
        let output = explanation.summary + explanation.reasons.joined() + explanation.cautions.joined() + explanation.recommendation
        return ModelReply(
            content: explanation, source: source, provider: provider, model: modelName,
            inputTokens: Self.estimatedTokens(prompt) + 350, outputTokens: Self.estimatedTokens(output))
    }

    /// About one token per two Korean characters or four Latin ones, like Claude's tokenizer.
    static func estimatedTokens(_ text: String) -> Int {
        var count = 0.0
        for scalar in text.unicodeScalars { count += scalar.isASCII ? 0.25 : 0.5 }
        return max(1, Int(count.rounded(.up)))
    }

    private static func daysLeft(_ program: FundingProgram, now: Date) -> Int? {
        program.deadline.map { Int(($0.timeIntervalSince(now) / 86_400).rounded(.down)) }
    }

    private static func day(_ date: Date?) -> String {
        guard let date else { return "-" }
        return String(KoreanCalendarDay.format(date))
    }

    private func korean(_ request: ExplanationRequest) -> Explanation {
        let match = request.match
        let program = match.program
        let breakdown = match.breakdown
        let level: String
        switch match.score {
        case 85...: level = "매우 높습니다"
        case 70..<85: level = "높은 편입니다"
        case 55..<70: level = "보통 수준입니다"
        default: level = "낮은 편입니다"
        }
        let strengths = Strength.of(breakdown).map(\.korean)
        let strengthText = strengths.isEmpty ? "일부 요건" : strengths.joined(separator: ", ")
        let summary = "\(KoreanParticle.and.attach(to: request.organization.name)) \(program.agency)의 「\(program.title)」 적합도는 \(match.score)점으로 \(level). "
            + "\(KoreanParticle.subject.attach(to: strengthText)) 공고 요건과 잘 맞습니다."

        var reasons = breakdown.reasons
        if !breakdown.matchedKeywords.isEmpty && !reasons.contains(where: { $0.contains("키워드") }) {
            reasons.append("공고 키워드 중 \(KoreanParticle.subject.attach(to: breakdown.matchedKeywords.joined(separator: ", "))) 보유 기술과 겹칩니다")
        }
        if let budget = program.budgetKRW { reasons.append("지원 규모는 과제당 최대 \(Self.koreanWon(budget))입니다") }
        if reasons.isEmpty { reasons.append("필수 자격 요건을 모두 충족합니다") }

        var cautions = breakdown.cautions
        if let minimum = program.minTRL, let maximum = program.maxTRL, let trl = request.organization.trl, trl == minimum || trl == maximum {
            cautions.append("현재 TRL \(trl)이 지원 범위(\(minimum)–\(maximum))의 경계에 있어 사업계획서에서 기술 수준을 구체적으로 입증해야 합니다")
        }
        if breakdown.keywords < 10 { cautions.append("공고의 핵심 키워드와 겹치는 기술이 적어 차별성을 보완해야 합니다") }
        if !program.requiredCertifications.isEmpty {
            cautions.append("필수 인증(\(program.requiredCertifications.joined(separator: ", ")))의 유효기간을 확인하세요")
        }

        let days = Self.daysLeft(program, now: request.now)
        let deadlineText = days.map { "마감일(\(Self.day(program.deadline)))까지 \($0)일 남았습니다" } ?? "마감일이 공지되지 않았습니다"
        let recommendation: String
        switch match.score {
        case 80...: recommendation = "지원을 적극 권장합니다. \(deadlineText). 강점인 \(KoreanParticle.object.attach(to: strengthText)) 사업계획서 앞부분에 배치하세요."
        case 60..<80: recommendation = "지원을 검토할 만합니다. \(deadlineText). 주의 사항을 보완한 뒤 제출하세요."
        default: recommendation = "다른 공고를 우선 검토하되, 요건을 보완할 수 있다면 지원을 고려하세요. \(deadlineText)."
        }
        return Explanation(summary: summary, reasons: reasons, cautions: cautions, recommendation: recommendation)
    }

    private func english(_ request: ExplanationRequest) -> Explanation {
        let match = request.match
        let program = match.program
        let breakdown = match.breakdown
        let level: String
        switch match.score {
        case 85...: level = "a very strong fit"
        case 70..<85: level = "a strong fit"
        case 55..<70: level = "a moderate fit"
        default: level = "a weak fit"
        }
        let strengths = Strength.of(breakdown).map(\.english)
        let strengthText = strengths.isEmpty ? "some requirements" : strengths.joined(separator: ", ")
        let summary = "\(program.agency)'s \"\(program.title)\" scores \(match.score)/100 for \(request.organization.name): \(level). "
            + "The \(strengthText) match the call's requirements."
        var reasons: [String] = []
        if breakdown.industry >= 20, let category = program.category { reasons.append("Industry matches the program category (\(category))") }
        if !breakdown.matchedKeywords.isEmpty { reasons.append("Shared keywords: \(breakdown.matchedKeywords.joined(separator: ", "))") }
        if let trl = request.organization.trl, let minimum = program.minTRL, let maximum = program.maxTRL {
            reasons.append("TRL \(trl) is within the supported range \(minimum)–\(maximum)")
        }
        if breakdown.organizationType >= 15 { reasons.append("Your organization type is among the eligible applicants") }
        if breakdown.rdExperience >= 10 { reasons.append("Prior government R&D experience counts in your favour") }
        if let budget = program.budgetKRW { reasons.append("Funding of up to ₩\(budget.formatted()) per project") }
        var cautions: [String] = []
        if match.eligibility == .conditionally { cautions.append("Some requirements could not be checked against your profile; confirm them in the call text") }
        if breakdown.keywords < 10 { cautions.append("Few of the call's keywords match your technologies; strengthen the technical fit") }
        if let trl = request.organization.trl, let minimum = program.minTRL, let maximum = program.maxTRL, trl == minimum || trl == maximum {
            cautions.append("TRL \(trl) sits on the edge of the supported range \(minimum)–\(maximum); document your technology level precisely")
        }
        if !program.requiredCertifications.isEmpty {
            cautions.append("Check that your certifications (\(program.requiredCertifications.joined(separator: ", "))) are still valid")
        }
        let days = Self.daysLeft(program, now: request.now)
        if let days, days < 14 { cautions.append("Only \(days) days remain before the deadline") }
        let deadlineText = days.map { "The deadline (\(Self.day(program.deadline))) is \($0) days away." } ?? "No deadline has been announced."
        let recommendation: String
        switch match.score {
        case 80...: recommendation = "Apply. \(deadlineText) Lead the proposal with your \(strengthText)."
        case 60..<80: recommendation = "Worth considering. \(deadlineText) Address the cautions before you submit."
        default: recommendation = "Prioritise better-fitting calls unless you can close the gaps. \(deadlineText)"
        }
        return Explanation(summary: summary, reasons: reasons, cautions: cautions, recommendation: recommendation)
    }

    /// `5억 원`, `1.2억 원`, `3,000만 원`.
    static func koreanWon(_ amount: Int64) -> String {
        if amount >= 100_000_000 {
            let eok = Double(amount) / 100_000_000
            return (eok == eok.rounded() ? String(Int(eok)) : String(format: "%.1f", eok)) + "억 원"
        }
        return "\((amount / 10_000).formatted())만 원"
    }
}

/// A score component strong enough to name in an explanation.
enum Strength: CaseIterable {
    case industry, keywords, readiness, applicantType

    /// The components of `breakdown` near their maximum, in a fixed order.
    static func of(_ breakdown: MatchBreakdown) -> [Strength] {
        allCases.filter { strength in
            switch strength {
            case .industry: breakdown.industry >= 20
            case .keywords: breakdown.keywords >= 14
            case .readiness: breakdown.trl >= 12
            case .applicantType: breakdown.organizationType >= 15
            }
        }
    }

    var korean: String {
        switch self {
        case .industry: "산업 분야"
        case .keywords: "핵심 기술 키워드"
        case .readiness: "기술성숙도"
        case .applicantType: "지원 대상 유형"
        }
    }

    var english: String {
        switch self {
        case .industry: "industry"
        case .keywords: "key technologies"
        case .readiness: "technology readiness"
        case .applicantType: "applicant type"
        }
    }
}

/// `YYYY-MM-DD` of a date in Korea's time zone (UTC+9), where deadlines are announced.
enum KoreanCalendarDay {
    static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970) + 9 * 3600
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday)
    }
}
