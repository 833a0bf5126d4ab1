import Foundation

extension OfflineLanguageModel {
    /// Answers from the retrieved programs (title, agency, deadline, budget, TRL, keywords),
    /// streamed in short chunks like a remote model's deltas.
    public func answer(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        let text = request.language == .english ? englishAnswer(request) : koreanAnswer(request)
        let reply = ModelReply(
            content: text, source: source, provider: provider, model: modelName,
            inputTokens: Self.estimatedTokens(request.question + request.history.map(\.content).joined()) + 200 * max(1, request.programs.count),
            outputTokens: Self.estimatedTokens(text))
        let chunks = Self.chunks(of: text, size: 24)
        return AsyncThrowingStream { continuation in
            for chunk in chunks { continuation.yield(.delta(chunk)) }
            continuation.yield(.finished(reply))
            continuation.finish()
        }
    }

    static func chunks(of text: String, size: Int) -> [String] {
        var chunks: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if current.count >= size && (character == " " || character == "\n" || character == ".") {
                chunks.append(current)
                current = ""
            }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    private func details(_ program: FundingProgram, now: Date, korean: Bool) -> String {
        var parts: [String] = [program.agency]
        if let deadline = program.deadline {
            let days = Int((deadline.timeIntervalSince(now) / 86_400).rounded(.down))
            parts.append(korean ? "마감 \(KoreanCalendarDay.format(deadline)) (D-\(days))" : "deadline \(KoreanCalendarDay.format(deadline)) (\(days) days left)")
        }
        if let budget = program.budgetKRW { parts.append(korean ? "최대 \(Self.koreanWon(budget))" : "up to ₩\(budget.formatted())") }
        if let minimum = program.minTRL, let maximum = program.maxTRL { parts.append("TRL \(minimum)–\(maximum)") }
        return parts.joined(separator: ", ")
    }

    private func koreanAnswer(_ request: ChatRequest) -> String {
        guard !request.programs.isEmpty else {
            return "질문과 직접 관련된 공고를 찾지 못했습니다. 기술 분야(예: AI, 스마트팜, 반도체)나 기관명(IITP, KEIT, TIPA, KIMST)을 넣어 다시 질문해 주세요. "
                + "조직 프로필의 핵심 기술을 채워 두면 매칭 결과에서 맞춤 공고를 볼 수 있습니다."
        }
        var lines = ["질문과 관련된 공고 \(request.programs.count)건을 찾았습니다."]
        for (index, program) in request.programs.enumerated() {
            lines.append("\(index + 1). 「\(program.title)」 — \(details(program, now: request.now, korean: true))")
            if !program.keywords.isEmpty { lines.append("   주요 키워드: \(program.keywords.joined(separator: ", "))") }
        }
        if let nearest = request.programs.compactMap({ program in program.deadline.map { (program, $0) } }).min(by: { $0.1 < $1.1 }) {
            lines.append("가장 먼저 마감되는 공고는 「\(nearest.0.title)」이니 준비 일정을 먼저 확인하세요.")
        }
        lines.append("자격 요건(기관 유형, TRL, 필수 인증)은 각 공고문에서 최종 확인해 주세요.")
        return lines.joined(separator: "\n")
    }

    private func englishAnswer(_ request: ChatRequest) -> String {
        guard !request.programs.isEmpty else {
            return "I found no program that matches the question. Try a technology (AI, smart farm, semiconductors) or an agency (IITP, KEIT, TIPA, KIMST). "
                + "Completing your organization's key technologies improves the matches on your dashboard."
        }
        var lines = ["I found \(request.programs.count) related program\(request.programs.count == 1 ? "" : "s")."]
        for (index, program) in request.programs.enumerated() {
            lines.append("\(index + 1). \"\(program.title)\" — \(details(program, now: request.now, korean: false))")
            if !program.keywords.isEmpty { lines.append("   Keywords: \(program.keywords.joined(separator: ", "))") }
        }
        lines.append("Check eligibility (applicant type, TRL, required certifications) in each call before applying.")
        return lines.joined(separator: "\n")
    }
}
