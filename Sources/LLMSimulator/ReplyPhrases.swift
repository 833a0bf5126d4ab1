/// The sentences simulated replies are assembled from, in English and Korean: general advice on
/// R&D funding programs, and the parts of a structured match explanation.
struct ReplyPhrases: Sendable {
    var openings: [String]
    var body: [String]
    var closings: [String]
    var summaries: [String]
    var reasons: [String]
    var cautions: [String]
    var recommendations: [String]

    static let english = ReplyPhrases(
        openings: [
            "Here is a short answer based on the information available.",
            "Good question: the answer depends mostly on eligibility, timing and how mature the technology is.",
            "Based on what you shared, the most relevant programs are those whose eligibility and technology focus match your organization.",
        ],
        body: [
            "Programs from agencies such as IITP, KEIT and TIPA usually ask for a registered company or research institute with a clear R&D plan.",
            "Check the application deadline first: most calls close four to six weeks after they are announced.",
            "A technology readiness level between 4 and 6 is the sweet spot for most commercialization tracks.",
            "Matching funds are often required, typically 25 to 40 percent of the project budget for small and medium enterprises.",
            "If your organization has applied before, reuse the well-rated parts of that proposal and update the market analysis.",
            "Consortium applications score higher when each partner has a clearly separated role.",
            "Evaluations usually weigh technical excellence, feasibility and expected economic impact about equally.",
            "Keep the budget justification concrete: equipment, personnel and outsourcing should each map to a milestone.",
        ],
        closings: [
            "Let me know if you want a closer look at a specific program.",
            "I can compare two programs side by side if that helps.",
            "Review the official announcement before you apply, since details change between calls.",
        ],
        summaries: [
            "This program is a strong fit for the organization's technology focus and stage of development.",
            "The organization meets the core eligibility rules, and its research area overlaps well with the program's goals.",
            "A reasonable match: the technology area fits, though timing and readiness need attention.",
        ],
        reasons: [
            "The program targets the organization's industry sector.",
            "The organization's technology readiness level falls within the program's preferred range.",
            "The organization type is eligible for this call.",
            "The funding amount matches the scale of the organization's planned R&D.",
            "The program's keywords overlap with the organization's core technologies.",
            "The organization's past R&D record supports the feasibility of a proposal.",
        ],
        cautions: [
            "The application deadline is close; leave time for the required documents.",
            "Matching funds may be required from the organization.",
            "Competition in this track is usually strong.",
            "Certain certifications may have to be submitted with the application.",
        ],
        recommendations: [
            "Apply, and give the proposal a concrete commercialization plan.",
            "Prepare an application and confirm the eligibility details with the agency before submitting.",
            "Consider the next round, after strengthening the technical evidence.",
        ])

    static let korean = ReplyPhrases(
        openings: [
            "공유해 주신 정보를 바탕으로 간단히 답변드리겠습니다.",
            "좋은 질문입니다. 답은 주로 지원 자격, 일정, 기술 성숙도에 따라 달라집니다.",
            "기관의 기술 분야와 지원 자격이 맞는 과제를 중심으로 살펴보는 것이 좋습니다.",
        ],
        body: [
            "IITP, KEIT, TIPA 같은 전문기관의 과제는 보통 명확한 R&D 계획을 갖춘 기업이나 연구기관을 대상으로 합니다.",
            "먼저 접수 마감일을 확인하세요. 대부분의 공고는 발표 후 4~6주 안에 마감됩니다.",
            "사업화 트랙에서는 기술성숙도(TRL) 4~6단계가 가장 유리합니다.",
            "중소기업은 보통 총사업비의 25~40% 수준의 민간부담금이 필요합니다.",
            "이전에 지원한 적이 있다면 좋은 평가를 받은 부분을 살리고 시장 분석을 최신 내용으로 보완하세요.",
            "컨소시엄으로 지원할 때는 참여기관별 역할을 명확히 나누면 평가에 유리합니다.",
            "평가는 대체로 기술성, 수행 역량, 기대 효과를 고르게 봅니다.",
            "예산은 장비비, 인건비, 위탁비가 각각 마일스톤과 연결되도록 구체적으로 작성하세요.",
        ],
        closings: [
            "특정 과제를 더 자세히 보고 싶으시면 말씀해 주세요.",
            "필요하시면 두 과제를 나란히 비교해 드릴 수 있습니다.",
            "공고 세부 내용은 차수마다 달라지니 지원 전에 공식 공고문을 꼭 확인하세요.",
        ],
        summaries: [
            "이 과제는 기관의 기술 분야와 개발 단계에 잘 맞는 사업입니다.",
            "기관이 핵심 지원 자격을 충족하며, 연구 분야가 과제 목표와 잘 겹칩니다.",
            "기술 분야는 적합하지만 일정과 기술성숙도는 점검이 필요한 무난한 매칭입니다.",
        ],
        reasons: [
            "과제가 기관의 산업 분야를 지원 대상으로 합니다.",
            "기관의 기술성숙도(TRL)가 과제의 선호 범위에 들어갑니다.",
            "기관 유형이 이번 공고의 지원 대상에 해당합니다.",
            "지원 규모가 기관의 R&D 계획 규모와 맞습니다.",
            "과제 키워드가 기관의 핵심 기술과 겹칩니다.",
            "기관의 과거 R&D 수행 실적이 사업 수행 가능성을 뒷받침합니다.",
        ],
        cautions: [
            "접수 마감이 가까우니 필요 서류를 미리 준비하세요.",
            "기관의 민간부담금이 필요할 수 있습니다.",
            "이 트랙은 보통 경쟁이 치열합니다.",
            "일부 인증서를 신청서와 함께 제출해야 할 수 있습니다.",
        ],
        recommendations: [
            "지원을 권장하며, 제안서에 구체적인 사업화 계획을 담으세요.",
            "지원을 준비하되 제출 전에 전문기관에 자격 요건을 확인하세요.",
            "기술 근거를 보강한 뒤 다음 차수에 지원하는 것을 고려하세요.",
        ])
}
