/// How surely an organization may apply to a program.
public enum Eligibility: String, Sendable, Codable, CaseIterable {
    /// Every hard requirement is known to hold.
    case fully = "FULLY"
    /// No requirement fails, but some could not be checked (missing profile data).
    case conditionally = "CONDITIONALLY"
    /// A hard requirement fails.
    case ineligible = "INELIGIBLE"
}
