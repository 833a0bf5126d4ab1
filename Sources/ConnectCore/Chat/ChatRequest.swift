import Foundation

/// A question for the assistant, with the programs retrieved for it and the conversation so far.
public struct ChatRequest: Sendable {
    /// One earlier turn of the conversation.
    public struct Turn: Sendable, Equatable {
        public var role: String
        public var content: String
    }

    public var question: String
    public var programs: [FundingProgram]
    public var history: [Turn]
    public var language: AnswerLanguage
    public var now: Date

    public init(question: String, programs: [FundingProgram], history: [Turn], language: AnswerLanguage, now: Date) {
        self.question = question
        self.programs = programs
        self.history = history
        self.language = language
        self.now = now
    }

    /// Korean when the question contains Hangul, English otherwise.
    public static func language(of text: String) -> AnswerLanguage {
        text.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) || (0x3131...0x318E).contains($0.value) } ? .korean : .english
    }
}

/// What a streamed answer yields: pieces of text, then the whole reply with its figures.
public enum ChatStreamEvent: Sendable {
    case delta(String)
    case finished(ModelReply<String>)
}
