import Foundation

/// The prompts the platform sends to the Messages API: the facts of a match or the retrieved
/// programs, and an instruction to answer in the shape the API returns.
enum AnthropicPrompts {
    /// The system prompt for an explanation: JSON with summary, reasons, cautions, recommendation.
    static func explanationSystem(_ language: AnswerLanguage) -> String {
        switch language {
        case .korean:
            """
            당신은 한국 정부 R&D 과제 매칭 플랫폼의 전문 컨설턴트입니다. 주어진 기업 프로필과 과제 정보, \
            매칭 점수 내역만을 근거로 이 과제가 왜 맞는지 설명하세요. 사실을 지어내지 마세요.
            다음 JSON 객체 하나로만 답하세요: \
            {"summary": "한두 문장 요약", "reasons": ["근거", …], "cautions": ["주의할 점", …], "recommendation": "다음 행동 권고"}
            """
        case .english:
            """
            You are an expert consultant on a Korean government R&D funding matching platform. Explain why \
            the program fits the organization using only the profile, the program and the score breakdown \
            given. Do not invent facts.
            Answer with exactly one JSON object: \
            {"summary": "one or two sentences", "reasons": ["…"], "cautions": ["…"], "recommendation": "next step"}
            """
        }
    }

    /// The facts of one match, as the user message.
    static func explanationFacts(_ request: ExplanationRequest) -> String {
        let organization = request.organization
        let match = request.match
        let program = match.program
        let breakdown = match.breakdown
        var lines = [
            "Organization: \(organization.name) (\(organization.type.rawValue))",
            "Industry: \(organization.industrySector ?? "-"); TRL: \(organization.trl.map(String.init) ?? "-"); region: \(organization.region ?? "-")",
            "Key technologies: \(organization.keyTechnologies.joined(separator: ", "))",
            "Research focus: \(organization.researchFocusAreas.joined(separator: ", "))",
            "Certifications: \(organization.certifications.joined(separator: ", ")); R&D experience: \(organization.rdExperience ? "yes" : "no")",
            "",
            "Program: \(program.title) — \(program.agency)\(program.ministry.map { " / \($0)" } ?? "")",
            "Description: \(program.description)",
            "TRL range: \(program.minTRL.map(String.init) ?? "-")–\(program.maxTRL.map(String.init) ?? "-"); keywords: \(program.keywords.joined(separator: ", "))",
            "Deadline: \(program.deadline.map { Self.day($0) } ?? "rolling"); today: \(Self.day(request.now))",
            "",
            "Match score: \(match.score)/100 (eligibility: \(match.eligibility.rawValue))",
            "Breakdown: industry \(breakdown.industry), keywords \(breakdown.keywords), TRL \(breakdown.trl), "
                + "organization type \(breakdown.organizationType), R&D experience \(breakdown.rdExperience), deadline \(breakdown.deadline)",
            "Matched keywords: \(breakdown.matchedKeywords.joined(separator: ", "))",
        ]
        if !breakdown.cautions.isEmpty { lines.append("Scorer cautions: \(breakdown.cautions.joined(separator: "; "))") }
        return lines.joined(separator: "\n")
    }

    /// The system prompt for a chat answer, with the retrieved programs as its only sources.
    static func chatSystem(_ request: ChatRequest) -> String {
        let intro: String
        switch request.language {
        case .korean:
            intro = "당신은 한국 정부 R&D 지원사업 안내 도우미입니다. 아래 과제 정보만 근거로 한국어로 간결하게 답하고, 근거가 없으면 모른다고 말하세요."
        case .english:
            intro = "You help people find Korean government R&D funding programs. Answer briefly in English using only the programs below; say so when they do not answer the question."
        }
        let programs = request.programs.enumerated().map { index, program in
            "\(index + 1). \(program.title) (\(program.agency)); deadline \(program.deadline.map { Self.day($0) } ?? "rolling"); "
                + "TRL \(program.minTRL.map(String.init) ?? "-")–\(program.maxTRL.map(String.init) ?? "-"); \(program.description.prefix(300))"
        }
        return ([intro, ""] + (programs.isEmpty ? ["(no matching programs found)"] : programs)).joined(separator: "\n")
    }

    private static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day())
    }
}
