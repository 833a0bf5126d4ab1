import ConnectCore
import Foundation
import JWTKit

/// The claims of an access token: who, from which token version, until when. The role,
/// e-mail and organization are informational: requests take them from the account as it is now.
struct AccessTokenPayload: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var email: String
    var role: String
    var org: String?
    /// The account's token version when the token was issued (absent in tokens issued before
    /// versions existed, which count as version 0).
    var ver: Int?

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
    }
}
