import ConnectCore
import Foundation

/// A light plausibility check; the address is proven only by using it.
enum EmailAddress {
    /// The address trimmed and lower-cased, or a 422 naming `field`.
    static func validated(_ text: String, field: String) throws -> String {
        let email = try TextRule(length: 1...254).validated(text, field: field).lowercased()
        guard isPlausible(email) else { throw APIError.unprocessable("Field '\(field)' must be an e-mail address") }
        return email
    }

    static func isPlausible(_ text: String) -> Bool {
        guard text.count <= 254, !text.contains(where: \.isWhitespace) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
            return false
        }
        return true
    }
}
