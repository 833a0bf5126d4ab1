import Foundation

/// Reads an explanation from a model's text: the JSON object the prompt asks for, found even
/// inside prose or a code fence; failing that, the text itself as the summary with any bulleted
/// lines as reasons, so a model that strays from the format still yields a useful answer.
enum ExplanationParser {
    static func parse(_ text: String) -> Explanation {
        if let explanation = json(in: text) { return explanation }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let bullets = lines.filter { $0.hasPrefix("-") || $0.hasPrefix("•") || $0.hasPrefix("*") }
        let prose = lines.filter { !bullets.contains($0) }
        let reasons = bullets.map { String($0.drop { "-•* ".contains($0) }) }
        return Explanation(
            summary: prose.first ?? text.trimmingCharacters(in: .whitespacesAndNewlines), reasons: reasons, cautions: [],
            recommendation: prose.count > 1 ? prose.dropFirst().joined(separator: " ") : "")
    }

    private struct Lenient: Decodable {
        var summary: String?
        var reasons: [String]?
        var cautions: [String]?
        var recommendation: String?
    }

    private static func json(in text: String) -> Explanation? {
        guard let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}"), open < close else { return nil }
        guard let decoded = try? JSONDecoder().decode(Lenient.self, from: Data(text[open...close].utf8)),
            let summary = decoded.summary, !summary.isEmpty
        else { return nil }
        return Explanation(
            summary: summary, reasons: decoded.reasons ?? [], cautions: decoded.cautions ?? [],
            recommendation: decoded.recommendation ?? "")
    }
}
