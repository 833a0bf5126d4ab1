import Crypto
import Foundation
import HTTPTypes

/// Tokens that prove a form post (or a page script's API call) comes from one of our own pages.
///
/// A signed double-submit: the browser holds a random, `HttpOnly` seed cookie, and every form
/// carries `HMAC-SHA256(key, seed | session)` keyed by a secret derived from `JWT_SECRET`. Another
/// site can neither read the seed nor compute the HMAC, a cookie planted by a sibling host fails
/// without the key, and a token minted for one session is refused in another.
public struct CSRFProtection: Sendable {
    /// The cookie holding the browser's random seed.
    public static let cookieName = "connect_csrf"
    /// The form field carrying the token.
    public static let formField = "_csrf"
    /// The header a page script sends the token in.
    public static let headerName = HTTPField.Name("X-CSRF-Token")!

    private let key: SymmetricKey

    /// - Parameter secret: the server's signing secret; the CSRF key is derived from it, never equal to it.
    public init(secret: String) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)), info: Data("connect-csrf-v1".utf8), outputByteCount: 32)
    }

    /// A fresh random seed for a browser that has none (32 bytes, base64url).
    public func newSeed() -> String {
        Self.base64URL(Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }))
    }

    /// Whether `seed` has the shape ``newSeed()`` gives (anything else is replaced).
    public func isWellFormedSeed(_ seed: String?) -> Bool {
        guard let seed, seed.utf8.count == 43 else { return false }
        return seed.utf8.allSatisfy { Self.base64URLAlphabet.contains($0) }
    }

    /// The token of a browser's seed and session (`nil` when signed out).
    public func token(seed: String, session: String?) -> String {
        Self.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Self.message(seed: seed, session: session), using: key)))
    }

    /// Whether `token` is the one of this seed and session; compared in constant time.
    public func isValid(_ token: String?, seed: String?, session: String?) -> Bool {
        guard let token, let seed, isWellFormedSeed(seed), let code = Self.decodeBase64URL(token), code.count == 32 else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: Self.message(seed: seed, session: session), using: key)
    }

    private static func message(seed: String, session: String?) -> Data {
        Data("\(seed)|\(session ?? "")".utf8)
    }

    private static let base64URLAlphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func decodeBase64URL(_ text: String) -> Data? {
        guard text.utf8.count <= 64, text.utf8.allSatisfy({ base64URLAlphabet.contains($0) }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
