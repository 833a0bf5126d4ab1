import ConnectAPI
import ConnectCore

/// Every word the pages show, in Korean (the default) and English.
struct PageText: Sendable {
    // Layout
    var siteName = "Connect"
    var tagline: String
    var skipToContent: String
    var mainNavigation: String
    var navPrograms: String
    var navDashboard: String
    var signIn: String
    var signOut: String
    var otherLanguageName: String
    var footer: String
    // Programs
    var programsTitle: String
    var programsIntro: String
    var searchLabel: String
    var keywordLabel: String
    var keywordPlaceholder: String
    var agencyLabel: String
    var allAgencies: String
    var trlLabel: String
    var anyTRL: String
    var searchButton: String
    var noPrograms: String
    var deadlineLabel: String
    var budgetLabel: String
    var trlRangeLabel: String
    var keywordsLabel: String
    var paginationLabel: String
    var previousPage: String
    var nextPage: String
    // Program detail
    var ministryLabel: String
    var categoryLabel: String
    var applicationPeriodLabel: String
    var targetTypesLabel: String
    var requiredCertificationsLabel: String
    var announcementLink: String
    var backToPrograms: String
    var seeYourMatches: String
    // Sign-in
    var signInTitle: String
    var signInIntro: String
    var emailLabel: String
    var passwordLabel: String
    var signInButton: String
    var demoHint: String
    var invalidCredentials: String
    var tooManyAttempts: String
    // Dashboard
    var dashboardTitle: String
    var organizationTitle: String
    var industryLabel: String
    var technologiesLabel: String
    var matchStatusLabel: String
    var statusAll: String
    var statusNew: String
    var statusViewed: String
    var statusSaved: String
    var scoreLabel: String
    var pointsSuffix: String
    var eligibilityLabel: String
    var breakdownTitle: String
    var componentIndustry: String
    var componentKeywords: String
    var componentTRL: String
    var componentOrganizationType: String
    var componentRDExperience: String
    var componentDeadline: String
    var matchedKeywordsLabel: String
    var reasonsTitle: String
    var cautionsTitle: String
    var openExplanation: String
    var save: String
    var unsave: String
    var noMatches: String
    var noOrganization: String
    // Match and explanation
    var matchTitle: String
    var explanationTitle: String
    var summaryTitle: String
    var recommendationTitle: String
    var sourceLabel: String
    var cachedNote: String
    var modelLabel: String
    var backToDashboard: String
    var viewProgram: String
    var explanationRateLimited: String
    // Chat
    var chatTitle: String
    var chatIntro: String
    var chatLabel: String
    var chatPlaceholder: String
    var chatSend: String
    var chatWaiting: String
    var chatFailed: String
    var chatAnswerLabel: String
    // Errors
    var errorTitle: String
    var errorHome: String
    var csrfFailed: String
    var errorNotFound: String
    var errorInvalidInput: String
    var errorUnavailable: String
    var errorInternal: String
    var errorRateLimited: String

    /// The words of `language`.
    static func of(_ language: AnswerLanguage) -> PageText {
        language == .english ? .english : .korean
    }

    /// How a source of an AI answer is marked.
    func sourceName(_ source: AnswerSource) -> String {
        switch source {
        case .ai: return sourceAI
        case .local: return sourceLocal
        case .fallback: return sourceFallback
        }
    }

    /// The name of an eligibility level.
    func eligibilityName(_ eligibility: Eligibility) -> String {
        switch eligibility {
        case .fully: return eligibilityFully
        case .conditionally: return eligibilityConditionally
        case .ineligible: return eligibilityIneligible
        }
    }

    /// The name of an organization type.
    func organizationKindName(_ kind: Organization.Kind) -> String {
        switch kind {
        case .company: return kindCompany
        case .researchInstitute: return kindResearchInstitute
        case .university: return kindUniversity
        case .publicInstitution: return kindPublicInstitution
        }
    }

    var sourceAI: String
    var sourceLocal: String
    var sourceFallback: String
    var eligibilityFully: String
    var eligibilityConditionally: String
    var eligibilityIneligible: String
    var kindCompany: String
    var kindResearchInstitute: String
    var kindUniversity: String
    var kindPublicInstitution: String
}
