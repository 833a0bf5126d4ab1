import ConnectCore
import Foundation
import JWTKit

/// The claims of an access token: who, in which role and organization, until when.
struct AccessTokenPayload: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var email: String
    var role: String
    var org: String?

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
    }
}
