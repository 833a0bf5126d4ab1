import ConnectAPI
import ConnectCore
import Foundation
import HTTPTypes
import Hummingbird
import PostgresClient
import HummingbirdTesting
import Testing
import TestSupport

/// A token's claims are checked against the account as it is now: a validly signed token of an
/// account that does not exist, was deleted, demoted, changed its password or signed out
/// everywhere is a 401, and the role that counts is the account's, not the token's.
@Suite struct IdentityTests {
    static func status(_ client: some TestClientProtocol, _ uri: String, token: String) async throws -> HTTPResponse.Status {
        try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(token)"]) { $0.status }
    }

    static func code(_ client: some TestClientProtocol, _ uri: String, token: String) async throws -> String? {
        try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
            try? decodeJSON(ErrorBody.self, response.body).error.code
        }
    }

    @Test func aSignedTokenOfAnAccountThatDoesNotExistIsRefused() async throws {
        try await TestApp.run { client, dependencies in
            let tokens = await AccessTokens(secret: dependencies.configuration.jwtSecret)
            let ghost = UserAccount(id: UUID(), email: "ghost@connectplt.kr", name: "g", role: .admin, organizationID: nil)
            let token = try await tokens.issue(for: ghost).token
            for uri in ["/api/admin/ai-monitoring/stats", "/api/matches", "/api/auth/me", "/api/dashboard"] {
                #expect(try await Self.status(client, uri, token: token) == .unauthorized, "\(uri)")
                #expect(try await Self.code(client, uri, token: token) == "invalid_token", "\(uri)")
            }
        }
    }

    @Test func theAccountsRoleCountsNotTheTokens() async throws {
        try await TestApp.run { client, dependencies in
            let demo = try #require(try await UserRepository(database: dependencies.database).credentials(email: "demo@connectplt.kr")).account
            var promoted = demo
            promoted.role = .admin
            let token = try await AccessTokens(secret: dependencies.configuration.jwtSecret).issue(for: promoted).token
            #expect(try await Self.status(client, "/api/admin/ai-monitoring/stats", token: token) == .forbidden)
            #expect(try await Self.status(client, "/api/matches", token: token) == .ok)
        }
    }

    @Test func deletedAndDemotedAccountsLoseAccessWithinTheCacheWindow() async throws {
        try await TestApp.runIsolated(configure: { $0.identityCacheSeconds = 1 }) { client, dependencies, _ in
            let user = try await client.login("loadtest+3@connectplt.kr")
            let admin = try await client.login("admin@connectplt.kr")
            #expect(try await Self.status(client, "/api/matches", token: user) == .ok)
            #expect(try await Self.status(client, "/api/admin/ai-monitoring/stats", token: admin) == .ok)

            try await dependencies.database.query("DELETE FROM users WHERE email = 'loadtest+3@connectplt.kr'")
            try await dependencies.database.query("UPDATE users SET role = 'USER' WHERE email = 'admin@connectplt.kr'")
            // Refused once the window of the cached look-ups has passed (1 s here, 5 s by default).
            let deadline = ContinuousClock.now + .seconds(3)
            var userStatus = HTTPResponse.Status.ok
            var adminStatus = HTTPResponse.Status.ok
            while ContinuousClock.now < deadline, userStatus != .unauthorized || adminStatus != .unauthorized {
                try await Task.sleep(for: .milliseconds(100))
                userStatus = try await Self.status(client, "/api/matches", token: user)
                adminStatus = try await Self.status(client, "/api/admin/ai-monitoring/stats", token: admin)
            }
            #expect(userStatus == .unauthorized, "a deleted user's token")
            #expect(adminStatus == .unauthorized, "a demoted admin's token (the role change revokes it)")
            // Signing in again gives the demoted account a token of its current role.
            let again = try await client.login("admin@connectplt.kr")
            #expect(try await Self.status(client, "/api/admin/ai-monitoring/stats", token: again) == .forbidden)
        }
    }

    @Test func changingThePasswordRevokesEveryEarlierToken() async throws {
        try await TestApp.runIsolated { client, _, _ in
            let first = try await client.login("loadtest+4@connectplt.kr")
            let second = try await client.login("loadtest+4@connectplt.kr")
            let wrong = #"{"currentPassword":"not-the-password","newPassword":"a-new-passphrase"}"#
            try await client.execute(
                uri: "/api/auth/password", method: .post, headers: [.authorization: "Bearer \(first)", .contentType: "application/json"],
                body: ByteBuffer(string: wrong)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let error = try decodeJSON(ErrorBody.self, response.body)
                #expect(error.error.code == "invalid_credentials")
            }
            #expect(try await Self.status(client, "/api/matches", token: first) == .ok, "a wrong current password changes nothing")

            let change = #"{"currentPassword":"Connect!2026","newPassword":"a-new-passphrase"}"#
            let renewed = try await client.execute(
                uri: "/api/auth/password", method: .post, headers: [.authorization: "Bearer \(first)", .contentType: "application/json"],
                body: ByteBuffer(string: change)
            ) { response in
                #expect(response.status == .ok)
                return try decodeJSON(TokenOnly.self, response.body).token
            }
            // This instance applies its own change at once, whatever the cache window.
            #expect(try await Self.status(client, "/api/matches", token: first) == .unauthorized)
            #expect(try await Self.status(client, "/api/matches", token: second) == .unauthorized)
            #expect(try await Self.status(client, "/api/matches", token: renewed) == .ok)
            _ = try await client.login("loadtest+4@connectplt.kr", password: "a-new-passphrase")
            await #expect(throws: TestAppError.self) { _ = try await client.login("loadtest+4@connectplt.kr") }
        }
    }

    @Test func signingOutEverywhereRevokesEveryToken() async throws {
        try await TestApp.runIsolated { client, _, _ in
            let first = try await client.login("loadtest+5@connectplt.kr")
            let second = try await client.login("loadtest+5@connectplt.kr")
            try await client.execute(uri: "/api/auth/sign-out-everywhere", method: .post, headers: [.authorization: "Bearer \(first)"]) { response in
                #expect(response.status == .noContent)
            }
            #expect(try await Self.status(client, "/api/matches", token: first) == .unauthorized)
            #expect(try await Self.status(client, "/api/matches", token: second) == .unauthorized)
            let fresh = try await client.login("loadtest+5@connectplt.kr")
            #expect(try await Self.status(client, "/api/matches", token: fresh) == .ok)
        }
    }

    /// A new account in the test database and a directory trusting look-ups for 5 s of `clock`.
    static func withNewAccount(
        _ prefix: String,
        _ body: (PostgresPool, UserRepository, UserAccount, ManualClock, AccountDirectory) async throws -> Void
    ) async throws {
        try await TestStack.withDatabase { pool, _ in
            let users = UserRepository(database: pool)
            let account = try await users.create(email: "\(prefix)-\(UUID().uuidString.prefix(8))@example.kr", name: "n", passwordHash: "x")
            let clock = ManualClock()
            let directory = AccountDirectory(users: users, lifetime: .seconds(5), now: { clock.now })
            try await body(pool, users, account, clock, directory)
        }
    }

    @Test func lookedUpAccountsAreTrustedForTheirLifetimeOnly() async throws {
        try await Self.withNewAccount("cache") { pool, users, account, clock, directory in
            #expect(try await directory.account(account.id)?.tokenVersion == 0)
            _ = try await users.revokeTokens(account.id)
            clock.advance(by: .seconds(4))
            #expect(try await directory.account(account.id)?.tokenVersion == 0, "within the lifetime: the looked-up copy")
            clock.advance(by: .seconds(1))
            #expect(try await directory.account(account.id)?.tokenVersion == 1, "after it: read again")
            try await pool.query("DELETE FROM users WHERE id = \(account.id)")
            directory.forget(account.id)
            #expect(try await directory.account(account.id) == nil)
            // A role change bumps the version by itself (the trigger), however it is made.
            let other = try await users.create(email: "role-\(UUID().uuidString.prefix(8))@example.kr", name: "n", passwordHash: "x")
            try await pool.query("UPDATE users SET role = 'ADMIN' WHERE id = \(other.id)")
            #expect(try await users.find(other.id)?.tokenVersion == 1)
            try await pool.query("UPDATE users SET name = 'renamed' WHERE id = \(other.id)")
            #expect(try await users.find(other.id)?.tokenVersion == 1, "other changes keep the tokens")
        }
    }

    @Test func theWarmCheckWaitsForNothingAndAnswersAsTheLookUpDoes() async throws {
        try await Self.withNewAccount("warm") { pool, users, account, clock, directory in
            let tokens = await AccessTokens(secret: String(repeating: "k", count: 32))
            let authenticator = Authenticator(tokens: tokens, accounts: directory)
            let token = try await tokens.issue(for: account).token

            #expect(authenticator.rememberedIdentity(for: token) == nil, "nothing verified or looked up yet")
            let identity = try #require(try await authenticator.identity(for: token))
            #expect(identity.userID == account.id)
            #expect(authenticator.rememberedIdentity(for: token) == .some(identity), "both remembered: answered without waiting")

            _ = try await users.revokeTokens(account.id)
            clock.advance(by: .seconds(5))
            #expect(authenticator.rememberedIdentity(for: token) == nil, "the account's copy expired: it has to be read again")
            #expect(try await authenticator.identity(for: token) == nil, "revoked")
            #expect(authenticator.rememberedIdentity(for: token) == .some(nil), "a remembered refusal is still a refusal")

            try await pool.query("DELETE FROM users WHERE id = \(account.id)")
            directory.forget(account.id)
            #expect(authenticator.rememberedIdentity(for: token) == nil)
            #expect(try await authenticator.identity(for: token) == nil, "deleted")
            #expect(authenticator.rememberedIdentity(for: token) == .some(nil), "a known absence is remembered too")
        }
    }

    @Test func registrationIsLimitedPerClientAddress() async throws {
        try await TestApp.runIsolated(configure: { $0.registrationRateLimitPerHour = 3 }) { client, dependencies, _ in
            let body = #"{"email":"demo@connectplt.kr","password":"long-enough-1","name":"n"}"#
            var statuses: [Int] = []
            for _ in 0..<5 {
                try await client.execute(
                    uri: "/api/auth/register", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)
                ) { response in
                    statuses.append(Int(response.status.code))
                    if response.status == .tooManyRequests {
                        #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 > 60)
                        let error = try decodeJSON(ErrorBody.self, response.body)
                        #expect(error.error.code == "rate_limited")
                    }
                }
            }
            #expect(statuses == [409, 409, 409, 429, 429])
            let count = try await dependencies.database.query("SELECT count(*) FROM users WHERE lower(email) = 'demo@connectplt.kr'")
            #expect(try count.first?.decode(Int.self, at: 0) == 1)
        }
    }
}
