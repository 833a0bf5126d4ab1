import ConnectCore

/// Who a request is, checked the same way for the API and the browser pages: one token issuer and
/// verifier, one account directory, one CSRF check, one sign-in and registration service.
package struct AccessControl: Sendable {
    package let tokens: AccessTokens
    package let authenticator: Authenticator
    /// Browser pages' forms and scripts prove their origin with it; the API takes the session cookie only with it.
    package let csrf: CSRFProtection
    /// Hashes and checks passwords for sign-in, registration and password changes.
    package let hasher: PasswordHasher
    package let signIn: SignInService
    let registration: RegistrationService

    /// Built from the platform's users, limiters and secret.
    package init(dependencies: PlatformDependencies) async {
        let configuration = dependencies.configuration
        let tokens = await AccessTokens(secret: configuration.jwtSecret)
        let users = dependencies.users
        let hasher = PasswordHasher()
        self.hasher = hasher
        self.tokens = tokens
        authenticator = Authenticator(
            tokens: tokens, accounts: AccountDirectory(users: users, lifetime: .seconds(configuration.identityCacheSeconds)))
        csrf = CSRFProtection(secret: configuration.jwtSecret)
        signIn = SignInService(users: users, hasher: hasher, tokens: tokens, limiter: dependencies.loginLimiter)
        registration = RegistrationService(users: users, hasher: hasher, tokens: tokens, limiter: dependencies.registrationLimiter)
    }
}
