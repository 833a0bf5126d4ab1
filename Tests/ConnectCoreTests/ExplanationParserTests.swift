@testable import ConnectCore
import Testing

/// The parser of model explanations: the asked-for JSON, JSON inside prose, and free text.
@Suite struct ExplanationParserTests {
    @Test func readsTheJSONObjectEvenInsideAFence() {
        let text = """
            Here you go:
            ```json
            {"summary": "잘 맞습니다", "reasons": ["TRL 6 fits 4–7"], "cautions": ["마감 9일 전"], "recommendation": "Apply now"}
            ```
            """
        let explanation = ExplanationParser.parse(text)
        #expect(explanation == Explanation(summary: "잘 맞습니다", reasons: ["TRL 6 fits 4–7"], cautions: ["마감 9일 전"], recommendation: "Apply now"))
    }

    @Test func missingFieldsAreEmpty() {
        #expect(ExplanationParser.parse(#"{"summary": "Fits."}"#) == Explanation(summary: "Fits.", reasons: [], cautions: [], recommendation: ""))
    }

    @Test func freeTextBecomesSummaryAndBulletsBecomeReasons() {
        let explanation = ExplanationParser.parse("""
            This program suits your AI work.
            - keywords AI and vision match
            • TRL 5 is inside 4–7
            Prepare the application before the deadline.
            """)
        #expect(explanation.summary == "This program suits your AI work.")
        #expect(explanation.reasons == ["keywords AI and vision match", "TRL 5 is inside 4–7"])
        #expect(explanation.recommendation == "Prepare the application before the deadline.")
    }
}
