import Foundation

/// The words of a question as the assistant reads them: compatibility-normalized (full-width
/// `ＡＩ` is `ai`, half-width katakana and composed Hangul alike), lower-cased, split at anything
/// that is not a letter or digit, and each Korean word without its trailing particle (`스마트팜은`,
/// `스마트팜을` and `스마트팜` are one word). Program retrieval searches these words, and the chat
/// answer cache keys on them, so two questions that read alike are answered alike.
public enum QuestionWords {
    /// Particles dropped from the end of a word, longest first.
    static let particles = ["에서", "으로", "에게", "과", "와", "은", "는", "이", "가", "을", "를", "의", "에", "로", "도"]

    /// Every word, in order, particles dropped. Single characters stay: `TRL 4` is not `TRL 6`.
    public static func words(of question: String) -> [String] {
        let separators = CharacterSet.alphanumerics.inverted
        return question.precomposedStringWithCompatibilityMapping.lowercased().components(separatedBy: separators)
            .filter { !$0.isEmpty }
            .map(stem)
    }

    /// The question as one canonical line: its words joined by single spaces.
    public static func normalized(_ question: String) -> String {
        normalized(words: words(of: question))
    }

    /// Words already worked out (``words(of:)``) as that line.
    public static func normalized(words: [String]) -> String {
        words.joined(separator: " ")
    }

    /// `word` without a trailing particle, when enough of it is left (`이가` stays whole).
    static func stem(_ word: String) -> String {
        for ending in particles where word.count > ending.count + 1 && word.hasSuffix(ending) {
            return String(word.dropLast(ending.count))
        }
        return word
    }
}
