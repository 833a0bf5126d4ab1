import ConnectAPI
import ConnectCore
import Foundation

/// `/dashboard`: the organization, tabs by match status, a page of matches, the chat panel.
struct DashboardView {
    /// The organization's profile in brief.
    struct OrganizationView {
        var name: String
        var kind: String
        var industry: String?
        var readiness: String?
        var technologies: String?

        init(_ organization: Organization, text: PageText) {
            name = organization.name
            kind = text.organizationKindName(organization.type)
            industry = organization.industrySector
            readiness = organization.trl.map { "TRL \($0)" }
            technologies = organization.keyTechnologies.isEmpty ? nil : organization.keyTechnologies.joined(separator: ", ")
        }
    }

    /// A status filter with its count.
    struct Tab {
        var label: String
        var count: Int
        var url: String
        var current: Bool
    }

    /// The chat panel: a question and its answer when the form was posted without JavaScript.
    struct ChatPanel {
        var conversationId = ""
        var question = ""
        var answer = ""
        var sourceKey = ""
        var sourceName = ""
    }

    var organization: OrganizationView?
    var tabs: [Tab]
    var matches: [MatchCardView]
    var empty: Bool
    var pagination: PaginationView?
    var chat: ChatPanel
}
