import ConnectAPI
import ConnectCore
import Foundation

/// A match as the dashboard and the match page show it: score, eligibility, breakdown, save form.
struct MatchCardView {
    /// One scoring component: its points out of its maximum.
    struct Component {
        var label: String
        var points: Int
        var maximum: Int
    }

    var id: String
    var url: String
    var title: String
    var agency: String
    var score: Int
    var eligibility: String
    var eligibilityKey: String
    var isNew: Bool
    var saved: Bool
    var budget: String?
    var deadline: String?
    var components: [Component]
    var matchedKeywords: String?
    var reasons: [String]
    var hasReasons: Bool
    var cautions: [String]
    var hasCautions: Bool
    var expanded: Bool
    var linkExplanation: Bool
    var saveAction: String
    var saveValue: String
    var saveLabel: String
    var returnTo: String

    /// - Parameters:
    ///   - returnTo: the dashboard address the save form comes back to.
    ///   - expanded: the breakdown is open (the match page) or folded (the list).
    init(_ match: MatchRecord, text: PageText, format: PageFormat, returnTo: String, expanded: Bool) {
        let id = match.id.uuidString.lowercased()
        self.id = id
        url = "/dashboard/matches/\(id)"
        title = match.program.title
        agency = match.program.agency
        score = match.score
        eligibility = text.eligibilityName(match.eligibility)
        eligibilityKey = match.eligibility.rawValue.lowercased()
        isNew = !match.viewed
        saved = match.saved
        budget = format.budget(match.program.budgetKRW)
        deadline = format.deadline(match.program.deadline)
        let breakdown = match.breakdown
        let maximums = MatchBreakdown.maximums
        components = [
            Component(label: text.componentIndustry, points: breakdown.industry, maximum: maximums.industry),
            Component(label: text.componentKeywords, points: breakdown.keywords, maximum: maximums.keywords),
            Component(label: text.componentTRL, points: breakdown.trl, maximum: maximums.trl),
            Component(label: text.componentOrganizationType, points: breakdown.organizationType, maximum: maximums.organizationType),
            Component(label: text.componentRDExperience, points: breakdown.rdExperience, maximum: maximums.rdExperience),
            Component(label: text.componentDeadline, points: breakdown.deadline, maximum: maximums.deadline),
        ]
        matchedKeywords = breakdown.matchedKeywords.isEmpty ? nil : breakdown.matchedKeywords.joined(separator: ", ")
        reasons = breakdown.reasons
        hasReasons = !breakdown.reasons.isEmpty
        cautions = breakdown.cautions
        hasCautions = !breakdown.cautions.isEmpty
        self.expanded = expanded
        linkExplanation = !expanded
        saveAction = "/dashboard/matches/\(id)/save"
        saveValue = match.saved ? "false" : "true"
        saveLabel = match.saved ? text.unsave : text.save
        self.returnTo = returnTo
    }
}
