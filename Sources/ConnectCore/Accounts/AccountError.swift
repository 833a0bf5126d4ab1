/// Why an account operation was refused.
public enum AccountError: Error, Equatable, Sendable {
    /// Another account already uses this e-mail address (compared case-insensitively).
    case emailTaken
}
