/// What a password may be: 8 to 128 characters (Unicode scalars), at most 256 bytes, no control characters (bcrypt
/// reads a C string: a NUL would end the password early). bcrypt uses the first 72 bytes only.
public enum PasswordRule {
    /// Checks a new password; `field` names it in the error.
    public static func check(_ password: String, field: String) throws {
        try checkCharacters(password, field: field)
        guard (8...128).contains(password.unicodeScalars.count) else { throw InvalidInput(field: field, reason: "must be 8 to 128 characters") }
    }

    /// Checks a password given to sign in or to confirm a change: only what could never match.
    public static func checkCharacters(_ password: String, field: String) throws {
        guard password.utf8.count <= 256 else { throw InvalidInput(field: field, reason: "must be at most 256 bytes") }
        guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw InvalidInput(field: field, reason: "must not contain control characters")
        }
    }
}
