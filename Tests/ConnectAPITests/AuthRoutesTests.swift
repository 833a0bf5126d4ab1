import ConnectAPI
import ConnectCore
import DevStack
import Foundation
import HTTPTypes
import PostgresClient
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// Register, login, `me`, and every way a token can be refused.
@Suite struct AuthRoutesTests {
    struct Session: Decodable {
        struct User: Decodable {
            var id: UUID
            var email: String
            var role: String
            var organizationId: UUID?
        }
        var token: String
        var expiresAt: String
        var user: User
    }

    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
    static let jsonHeaders: HTTPFields = [.contentType: "application/json"]

    @Test func demoUserSignsInAndReadsItself() async throws {
        try await TestApp.run { client, _ in
            let session = try await client.execute(
                uri: "/api/auth/login", method: .post, headers: Self.jsonHeaders,
                body: Self.json(#"{"email":"Demo@ConnectPlt.kr","password":"Connect!2026"}"#)
            ) { response in
                #expect(response.status == .ok)
                return try decodeJSON(Session.self, response.body)
            }
            #expect(session.user.email == "demo@connectplt.kr")
            #expect(session.user.role == "USER")
            #expect(session.user.organizationId != nil)
            #expect(session.token.split(separator: ".").count == 3)

            try await client.execute(uri: "/api/auth/me", method: .get, headers: [.authorization: "Bearer \(session.token)"]) { response in
                #expect(response.status == .ok)
                struct Me: Decodable { var user: Session.User }
                let me = try decodeJSON(Me.self, response.body)
                #expect(me.user.id == session.user.id)
            }
        }
    }

    @Test(arguments: [
        #"{"email":"demo@connectplt.kr","password":"wrong-password"}"#,
        #"{"email":"nobody@connectplt.kr","password":"Connect!2026"}"#,
    ])
    func wrongCredentialsAre401(_ body: String) async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "/api/auth/login", method: .post, headers: Self.jsonHeaders, body: Self.json(body)) { response in
                #expect(response.status == .unauthorized)
                let error = try decodeJSON(ErrorBody.self, response.body)
                #expect(error.error.code == "invalid_credentials")
            }
        }
    }

    /// A token signed with `alg: none` and no signature.
    static func unsignedToken(for userID: UUID) -> String {
        func base64URL(_ text: String) -> String {
            Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        let expiry = Int(Date().timeIntervalSince1970) + 3600
        return base64URL(#"{"alg":"none","typ":"JWT"}"#) + "."
            + base64URL(#"{"sub":"\#(userID.uuidString)","exp":\#(expiry),"iat":0,"email":"x@y.kr","role":"ADMIN"}"#) + "."
    }

    @Test func badTokensAre401() async throws {
        try await TestApp.run { client, dependencies in
            let account = UserAccount(id: UUID(), email: "ghost@connectplt.kr", name: "g", role: .user, organizationID: nil)
            let otherKey = await AccessTokens(secret: "some-other-secret-0123456789-abcdefghij")
            let ownKey = await AccessTokens(secret: dependencies.configuration.jwtSecret, lifetime: .seconds(60))
            let forged = try await otherKey.issue(for: account).token
            let expired = try await ownKey.issue(for: account, now: Date().addingTimeInterval(-3600)).token
            let cases: [(String?, String)] = [
                (nil, "unauthorized"),
                ("Token abc", "unauthorized"),
                ("Bearer ", "unauthorized"),
                ("Bearer not.a.jwt", "invalid_token"),
                ("Bearer \(forged)", "invalid_token"),
                ("Bearer \(expired)", "invalid_token"),
                ("Bearer \(Self.unsignedToken(for: account.id))", "invalid_token"),
            ]
            for (header, code) in cases {
                var headers: HTTPFields = [:]
                if let header { headers[.authorization] = header }
                try await client.execute(uri: "/api/auth/me", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized, "\(header ?? "no header")")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                    let error = try decodeJSON(ErrorBody.self, response.body)
                    #expect(error.error.code == code, "\(header ?? "no header")")
                }
            }
        }
    }

    @Test func registerThenDuplicateIsAConflict() async throws {
        try await TestApp.run { client, _ in
            let email = "new-\(UUID().uuidString.prefix(8).lowercased())@example.kr"
            let body = #"{"email":"\#(email)","password":"long-enough-1","name":"새 사용자"}"#
            let session = try await client.execute(uri: "/api/auth/register", method: .post, headers: Self.jsonHeaders, body: Self.json(body)) { response in
                #expect(response.status == .created)
                return try decodeJSON(Session.self, response.body)
            }
            #expect(session.user.email == email)
            #expect(session.user.role == "USER")
            let token = try await client.login(email.uppercased(), password: "long-enough-1")
            #expect(!token.isEmpty)
            try await client.execute(uri: "/api/auth/register", method: .post, headers: Self.jsonHeaders, body: Self.json(body.replacingOccurrences(of: email, with: email.uppercased()))) { response in
                #expect(response.status == .conflict)
                let error = try decodeJSON(ErrorBody.self, response.body)
                #expect(error.error.code == "email_taken")
            }
        }
    }

    @Test(arguments: [
        (#"{"email":"not-an-email","password":"long-enough-1","name":"n"}"#, 422, "'email'"),
        (#"{"email":"a@b.kr","password":"short","name":"n"}"#, 422, "'password'"),
        (#"{"email":"a@b.kr","password":"long-enough-1","name":"  "}"#, 422, "'name'"),
        (#"{"email":"a@b.kr","password":"long-enough-1"}"#, 422, "'name'"),
        (#"{"email":"a@b.kr","password":12345678,"name":"n"}"#, 422, "'password'"),
        (#"{"email":"a@b.kr","#, 400, "JSON"),
    ])
    func badRegistrationsChangeNothing(_ body: String, _ status: Int, _ mention: String) async throws {
        // Counted by the addresses these bodies use: other suites register users in parallel.
        let count: PostgresQuery = "SELECT count(*) FROM users WHERE lower(email) IN ('a@b.kr', 'not-an-email')"
        try await TestApp.run { client, dependencies in
            let before = try await dependencies.database.query(count).first!.decode(Int.self, at: 0)
            #expect(before == 0)
            try await client.execute(uri: "/api/auth/register", method: .post, headers: Self.jsonHeaders, body: Self.json(body)) { response in
                #expect(response.status.code == status)
                let error = try decodeJSON(ErrorBody.self, response.body)
                #expect(error.error.message.contains(mention), "\(error.error.message)")
            }
            let after = try await dependencies.database.query(count).first!.decode(Int.self, at: 0)
            #expect(after == 0)
        }
    }

    @Test func bodyOverOneMebibyteIs413() async throws {
        try await TestApp.run { client, _ in
            let padding = String(repeating: "x", count: (1 << 20) + 10)
            let body = #"{"email":"a@b.kr","password":"long-enough-1","name":"\#(padding)"}"#
            try await client.execute(uri: "/api/auth/register", method: .post, headers: Self.jsonHeaders, body: Self.json(body)) { response in
                #expect(response.status == .contentTooLarge)
                let error = try decodeJSON(ErrorBody.self, response.body)
                #expect(error.error.code == "payload_too_large")
            }
        }
    }

    @Test func loginIsRateLimitedPerClientAddress() async throws {
        try await TestStack.withPrivateRedis { cache in
            try await TestApp.run(cacheURL: cache.url, configure: { $0.loginRateLimitPerMinute = 3 }) { client, _ in
                for _ in 0..<3 { _ = try await client.login("demo@connectplt.kr") }
                try await client.execute(
                    uri: "/api/auth/login", method: .post, headers: Self.jsonHeaders,
                    body: Self.json(#"{"email":"demo@connectplt.kr","password":"Connect!2026"}"#)
                ) { response in
                    #expect(response.status == .tooManyRequests)
                    #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
                    #expect(response.headers[HTTPField.Name("X-RateLimit-Limit")!] == "3")
                    #expect(response.headers[HTTPField.Name("X-RateLimit-Remaining")!] == "0")
                    let error = try decodeJSON(ErrorBody.self, response.body)
                    #expect(error.error.code == "rate_limited")
                }
            }
        }
    }
}
