import Foundation

/// Why a program fits an organization, as shown to the user.
public struct Explanation: Sendable, Codable, Equatable {
    public var summary: String
    public var reasons: [String]
    public var cautions: [String]
    public var recommendation: String

    public init(summary: String, reasons: [String], cautions: [String], recommendation: String) {
        self.summary = summary
        self.reasons = reasons
        self.cautions = cautions
        self.recommendation = recommendation
    }
}

/// The language of an answer.
public enum AnswerLanguage: String, Sendable, Codable, CaseIterable {
    case korean = "ko"
    case english = "en"
}

/// Where an answer came from.
public enum AnswerSource: String, Sendable, Codable {
    /// The remote model.
    case ai
    /// The offline model, chosen by configuration (no API key).
    case local
    /// The offline model standing in for the remote one (breaker open, budget spent).
    case fallback
}

/// What the model was asked to explain.
public struct ExplanationRequest: Sendable {
    public var organization: Organization
    public var match: MatchRecord
    public var language: AnswerLanguage
    public var now: Date

    public init(organization: Organization, match: MatchRecord, language: AnswerLanguage, now: Date) {
        self.organization = organization
        self.match = match
        self.language = language
        self.now = now
    }
}

/// A model's answer with what it cost.
public struct ModelReply<Content: Sendable>: Sendable {
    public var content: Content
    public var source: AnswerSource
    public var provider: String
    public var model: String
    public var inputTokens: Int
    public var outputTokens: Int

    public init(content: Content, source: AnswerSource, provider: String, model: String, inputTokens: Int, outputTokens: Int) {
        self.content = content
        self.source = source
        self.provider = provider
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}
